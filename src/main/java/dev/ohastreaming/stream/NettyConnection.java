package dev.ohastreaming.stream;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One connection slot of a {@link NettyRequestStage}: sends one request at a time on its current
 * channel, opening a new channel when it has none that can be reused, and hands the outcome back.
 *
 * <p><b>Ownership.</b> The slot belongs to the stage while it is idle and to its event loop while a
 * request is in flight. {@link #send} hands a request over through {@link EventLoop#execute} (which
 * orders the write of {@code request} before the loop reads it); {@link Listener#finished} hands
 * the slot back with its outcome through the stage's concurrent queue. Every other field is read
 * and written on the event loop only, and every channel of a slot is registered with that one loop,
 * so no field needs a lock.
 *
 * <p>A channel's events reach this handler even after the slot has moved to a newer channel (or has
 * stopped); those are recognised by {@code ctx.channel() != channel} and ignored, which is what
 * keeps a late response from being attributed to the next request.
 */
@ChannelHandler.Sharable
final class NettyConnection extends ChannelInboundHandlerAdapter
    implements Runnable, ChannelFutureListener {

  /** Receives a slot whose request has an outcome; called on the slot's event loop. */
  interface Listener {
    void finished(NettyConnection connection);
  }

  private final NettyTransport.Target target;
  private final EventLoop eventLoop;
  private final Listener listener;
  private final Bootstrap bootstrap;
  private final Runnable timeoutTask = this::timedOut;

  // Written by the stage before send(); read on the event loop while busy.
  private PlannedRequest request;
  // Written on the event loop before finished(); read by the stage after it.
  private Outcome outcome;

  // Event loop only.
  private Channel channel;
  private boolean reusable;
  private boolean busy;
  private boolean stopped;
  private boolean informational;
  private int statusCode;
  private long sentNanos;
  private ScheduledFuture<?> timeout;

  NettyConnection(
      NettyTransport.Target target,
      EventLoop eventLoop,
      Class<? extends Channel> channelType,
      Listener listener) {
    this.target = target;
    this.eventLoop = eventLoop;
    this.listener = listener;
    this.bootstrap =
        new Bootstrap()
            .group(eventLoop)
            .channel(channelType)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, target.timeoutMillis())
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel newChannel) {
                    initPipeline(newChannel);
                  }
                });
  }

  /** Sends {@code planned} (stage thread); the slot must be idle. */
  void send(PlannedRequest planned) {
    this.request = planned;
    eventLoop.execute(this);
  }

  /** The outcome of the request that just finished (stage thread, after {@code finished}). */
  Outcome takeOutcome() {
    Outcome result = outcome;
    outcome = null;
    return result;
  }

  /**
   * Closes the slot for good (stage thread): its channel is closed, a request in flight is dropped
   * without an outcome, and {@code whenClosed} runs once the channel is closed.
   */
  void stop(Runnable whenClosed) {
    eventLoop.execute(() -> close(whenClosed));
  }

  /** Starts the request handed over by {@link #send}; on the event loop. */
  @Override
  public void run() {
    if (stopped) {
      return;
    }
    busy = true;
    statusCode = 0;
    informational = false;
    if (channel != null && reusable && channel.isActive()) {
      write();
      return;
    }
    discardChannel();
    sentNanos = System.nanoTime();
    ChannelFuture connecting = bootstrap.connect(target.host(), target.port());
    channel = connecting.channel();
    reusable = target.requestKeepAlive();
    connecting.addListener(this);
  }

  /** The connect of {@code channel} has finished. */
  @Override
  public void operationComplete(ChannelFuture connected) {
    if (connected.channel() != channel || !busy) {
      connected.channel().close();
      return;
    }
    if (connected.isSuccess()) {
      write();
    } else {
      fail(failureKind(connected.cause()));
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object message) {
    try {
      if (ctx.channel() == channel && busy && message instanceof HttpObject part) {
        onResponsePart(part);
      }
    } finally {
      ReferenceCountUtil.release(message);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (ctx.channel() != channel) {
      return;
    }
    if (busy) {
      fail(FailureKind.CONNECTION_RESET);
    } else {
      channel = null;
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (ctx.channel() == channel && busy) {
      fail(failureKind(cause));
    } else {
      ctx.close();
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof SslHandshakeCompletionEvent handshake
        && !handshake.isSuccess()
        && ctx.channel() == channel
        && busy) {
      fail(failureKind(handshake.cause()));
      return;
    }
    ctx.fireUserEventTriggered(event);
  }

  private void initPipeline(Channel newChannel) {
    ChannelPipeline pipeline = newChannel.pipeline();
    if (target.sslContext() != null) {
      pipeline.addLast(target.newSslHandler(newChannel.alloc()));
    }
    pipeline.addLast(new HttpClientCodec());
    pipeline.addLast(this);
  }

  private void write() {
    Channel current = channel;
    sentNanos = System.nanoTime();
    timeout = eventLoop.schedule(timeoutTask, target.timeoutNanos(), TimeUnit.NANOSECONDS);
    current.writeAndFlush(target.newRequest(), current.voidPromise());
  }

  private void onResponsePart(HttpObject part) {
    if (part.decoderResult().isFailure()) {
      Throwable cause = part.decoderResult().cause();
      fail(
          cause instanceof PrematureChannelClosureException
              ? FailureKind.CONNECTION_RESET
              : FailureKind.INVALID_RESPONSE);
      return;
    }
    if (part instanceof HttpResponse head) {
      int code = head.status().code();
      informational = code >= 100 && code < 200 && code != 101;
      if (!informational) {
        statusCode = code;
        reusable = reusable && code != 101 && HttpUtil.isKeepAlive(head);
      }
    }
    if (part instanceof LastHttpContent) {
      if (informational) {
        informational = false;
      } else if (statusCode != 0) {
        succeed();
      }
    }
  }

  private void succeed() {
    Outcome answered = Outcome.response(request, sentNanos, System.nanoTime(), statusCode);
    if (!reusable) {
      discardChannel();
    }
    finish(answered);
  }

  private void fail(FailureKind kind) {
    Outcome failed = Outcome.failed(request, sentNanos, System.nanoTime(), kind);
    discardChannel();
    finish(failed);
  }

  private void timedOut() {
    if (busy) {
      fail(FailureKind.TIMEOUT);
    }
  }

  private void finish(Outcome result) {
    if (timeout != null) {
      timeout.cancel(false);
      timeout = null;
    }
    outcome = result;
    request = null;
    busy = false;
    listener.finished(this);
  }

  private void discardChannel() {
    if (channel != null) {
      channel.close();
      channel = null;
    }
  }

  private void close(Runnable whenClosed) {
    stopped = true;
    busy = false;
    request = null;
    if (timeout != null) {
      timeout.cancel(false);
      timeout = null;
    }
    if (channel == null) {
      whenClosed.run();
      return;
    }
    channel.close().addListener(closed -> whenClosed.run());
    channel = null;
  }

  /** Netty wraps exceptions raised while decoding (TLS alerts among them); classify the cause. */
  private static FailureKind failureKind(Throwable error) {
    Throwable cause = error;
    if (cause instanceof DecoderException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return FailureClassifier.classify(cause);
  }
}
