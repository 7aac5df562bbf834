package dev.trafficmirror.testing.webapp;

import dev.trafficmirror.servlet.MirrorFilter;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.annotation.WebInitParam;

/**
 * The filter registered by annotation, as a user writes it. The URL is a placeholder: the suite
 * sets the real one with the system property {@code mirror.target.annotated.url}, which overrides
 * init-params.
 */
@WebFilter(
    urlPatterns = "/predict/*",
    asyncSupported = true,
    initParams = {
      @WebInitParam(name = "mirror.targets", value = "annotated"),
      @WebInitParam(name = "mirror.target.annotated.url", value = "http://127.0.0.1:9"),
      @WebInitParam(name = "mirror.methods", value = "POST")
    })
public class PredictMirror extends MirrorFilter {}
