package dev.trafficmirror.redis.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ThreadLocalRandom;

/** Default consumer names: {@code <host>-<pid>-<random>}, unique per replayer instance. */
public final class ConsumerNames {
  private ConsumerNames() {}

  /**
   * Returns a new name. The random part keeps two replayers in one process apart; a restarted
   * replayer is a new consumer, and what its predecessor left pending is claimed after the idle
   * time.
   */
  public static String unique() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException | SecurityException e) {
      host = "replayer";
    }
    String random = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0x1000000));
    return host + "-" + ProcessHandle.current().pid() + "-" + random;
  }
}
