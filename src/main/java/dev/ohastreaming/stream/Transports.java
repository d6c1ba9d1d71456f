package dev.ohastreaming.stream;

/** Chooses the load path's transport by its configured name. */
public final class Transports {

  private Transports() {}

  /**
   * The transport called {@code name}.
   *
   * @param nettyEventLoopThreads event loop threads of the Netty transport (1 or more)
   * @throws IllegalArgumentException for an unknown name
   */
  public static Transport create(String name, int nettyEventLoopThreads) {
    if (AkkaHttpTransport.NAME.equals(name)) {
      return new AkkaHttpTransport();
    }
    if (NettyTransport.NAME.equals(name)) {
      return new NettyTransport(nettyEventLoopThreads);
    }
    throw new IllegalArgumentException("unknown transport '" + name + "'; known: akka-http, netty");
  }
}
