package dev.trafficmirror.redis.internal;

import dev.trafficmirror.core.config.ConfigSources;
import dev.trafficmirror.redis.MirrorReplayer;
import dev.trafficmirror.redis.ReplayerKeys;
import dev.trafficmirror.spi.InvalidConfigException;
import java.io.IOException;
import java.io.Reader;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * The command line of {@code MirrorReplayer.main}: properties files, {@code key=value} pairs,
 * overrides.
 */
public final class ReplayerMain {
  private static final System.Logger LOG = System.getLogger("dev.trafficmirror.redis");

  /** Printed when the command line is wrong. */
  public static final String USAGE =
      """
      usage: java -cp <classpath> MirrorReplayer [file.properties | key=value]...
        for example: replayer.properties mirror.replayer.consumer=replayer-1
        keys: mirror.replayer.* (uri and stream required) and mirror.* for the shadow targets; see docs/redis.md""";

  private ReplayerMain() {}

  /**
   * Runs a replayer configured by {@code args} until the process is stopped; returns the exit
   * status: 2 for a bad command line or configuration (the message on standard error), else 0 once
   * the shutdown hook has closed the replayer.
   */
  public static int run(String[] args) throws InterruptedException {
    MirrorReplayer replayer;
    try {
      replayer =
          MirrorReplayer.fromProperties(properties(args, System.getProperties(), System.getenv()));
    } catch (InvalidConfigException e) {
      System.err.println("Invalid configuration: " + e.getMessage());
      return 2;
    } catch (IllegalArgumentException e) {
      System.err.println(InvalidConfigException.withoutPasswords(String.valueOf(e.getMessage())));
      System.err.println(USAGE);
      return 2;
    }
    CountDownLatch closed = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  replayer.close();
                  closed.countDown();
                },
                "mirror-replayer-shutdown"));
    LOG.log(Level.INFO, "Replaying {0}", replayer.config());
    closed.await();
    return 0;
  }

  /**
   * Returns the configuration given by {@code args} (files and {@code key=value} pairs, in order),
   * overridden by {@code mirror.*} system properties, then by environment variables named after the
   * keys ({@link ConfigSources#envName}: {@code mirror.replayer.uri} is {@code
   * MIRROR_REPLAYER_URI}) for every replayer key ({@link ReplayerKeys}) and every key already
   * given: the one override policy of {@link ConfigSources#withOverrides}.
   *
   * @throws IllegalArgumentException when there are no arguments or a file cannot be read
   */
  public static Map<String, String> properties(
      String[] args, Properties system, Map<String, String> env) {
    if (args.length == 0) {
      throw new IllegalArgumentException("no configuration given");
    }
    Map<String, String> given = new LinkedHashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq > 0 && !Files.isRegularFile(Path.of(arg))) {
        given.put(arg.substring(0, eq).trim(), arg.substring(eq + 1));
      } else {
        given.putAll(load(Path.of(arg)));
      }
    }
    Set<String> envKeys = new LinkedHashSet<>(given.keySet());
    system.stringPropertyNames().stream()
        .filter(name -> name.startsWith("mirror."))
        .forEach(envKeys::add);
    envKeys.addAll(ReplayerKeys.names());
    return ConfigSources.withOverrides(given, system, env, envKeys);
  }

  private static Map<String, String> load(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (String name : properties.stringPropertyNames()) {
      map.put(name, properties.getProperty(name));
    }
    return map;
  }
}
