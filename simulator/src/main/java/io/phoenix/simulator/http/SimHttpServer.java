package io.phoenix.simulator.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.timeout.IdleStateHandler;
import io.phoenix.simulator.tls.SelfSignedCertificate;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;

/**
 * An HTTPS/1.1 server on Netty that sends each response's own reason phrase, closes the connection
 * after any status >= 400 and drops idle keep-alive connections after a fixed time, the way
 * pve-http-server does. Handlers run on a worker pool so that they may block.
 */
public final class SimHttpServer implements AutoCloseable {

  private static final int MAX_BODY = 16 * 1024 * 1024;

  private final EventLoopGroup group;
  private final ExecutorService workers;
  private final Channel channel;

  private SimHttpServer(EventLoopGroup group, ExecutorService workers, Channel channel) {
    this.group = group;
    this.workers = workers;
    this.channel = channel;
  }

  /**
   * Binds and starts serving.
   *
   * @param bind address and port (port 0 picks a free one)
   * @param certificate the server certificate, or null for plain HTTP
   * @param idleTimeout how long a keep-alive connection may stay idle
   * @param handler answers every request
   */
  public static SimHttpServer start(
      InetSocketAddress bind,
      SelfSignedCertificate certificate,
      Duration idleTimeout,
      SimHandler handler) {
    SslContext ssl = certificate == null ? null : sslContext(certificate);
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    AtomicInteger threads = new AtomicInteger();
    ExecutorService workers =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, "sim-http-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    try {
      Channel channel =
          new ServerBootstrap()
              .group(group)
              .channel(NioServerSocketChannel.class)
              .option(ChannelOption.SO_REUSEADDR, true)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      if (ssl != null) {
                        ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
                      }
                      ch.pipeline()
                          .addLast(new HttpServerCodec())
                          .addLast(new HttpObjectAggregator(MAX_BODY))
                          .addLast(
                              new IdleStateHandler(
                                  0, 0, idleTimeout.toMillis(), TimeUnit.MILLISECONDS))
                          .addLast(new RequestDispatcher(handler, workers));
                    }
                  })
              .bind(bind)
              .syncUninterruptibly()
              .channel();
      return new SimHttpServer(group, workers, channel);
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      workers.shutdownNow();
      throw e;
    }
  }

  private static SslContext sslContext(SelfSignedCertificate certificate) {
    try {
      return SslContextBuilder.forServer(certificate.privateKey(), certificate.certificate())
          .build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot set up TLS for the simulator", e);
    }
  }

  /** The bound port. */
  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownNow();
  }
}
