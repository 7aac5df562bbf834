package dev.trafficmirror.testing.jaxrs;

/** A tiny JSON POJO, read and written by {@link GreetingProvider}. */
public record Greeting(String name) {}
