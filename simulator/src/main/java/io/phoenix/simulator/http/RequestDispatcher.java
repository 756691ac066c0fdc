package io.phoenix.simulator.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands each request to a worker thread and writes the answer back in order. */
final class RequestDispatcher extends SimpleChannelInboundHandler<FullHttpRequest> {

  private static final Logger LOG = LoggerFactory.getLogger(RequestDispatcher.class);

  private final SimHandler handler;
  private final ExecutorService workers;
  // A slow answer (lock wait, 596 delay) is not an idle connection; touched only on the I/O thread.
  private boolean busy;

  RequestDispatcher(SimHandler handler, ExecutorService workers) {
    this.handler = handler;
    this.workers = workers;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    SimRequest simRequest = toSimRequest(request);
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    // One request at a time per connection, so responses can never overtake each other.
    ctx.channel().config().setAutoRead(false);
    busy = true;
    try {
      workers.execute(() -> answer(ctx, simRequest, keepAlive));
    } catch (RejectedExecutionException e) {
      ctx.close();
    }
  }

  private void answer(ChannelHandlerContext ctx, SimRequest request, boolean keepAlive) {
    SimResponse response;
    try {
      response = handler.handle(request);
    } catch (RuntimeException e) {
      LOG.warn("simulator handler failed for {} {}", request.method(), request.path(), e);
      response = SimResponse.json(500, "internal error", "{\"data\":null}");
    }
    SimResponse toSend = response;
    long delay = toSend.delay().toMillis();
    if (delay > 0) {
      ctx.executor().schedule(() -> write(ctx, toSend, keepAlive), delay, TimeUnit.MILLISECONDS);
    } else {
      ctx.executor().execute(() -> write(ctx, toSend, keepAlive));
    }
  }

  private void write(ChannelHandlerContext ctx, SimResponse response, boolean keepAlive) {
    busy = false;
    if (!ctx.channel().isActive()) {
      return;
    }
    FullHttpResponse out =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            new HttpResponseStatus(response.status(), printable(response.reason())),
            Unpooled.wrappedBuffer(response.body()));
    out.headers().set("Server", "pve-api-daemon/3.0");
    out.headers()
        .set(
            "Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
    out.headers().set("Cache-Control", "max-age=0");
    out.headers().set("Pragma", "no-cache");
    out.headers()
        .set(
            "Expires",
            DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
    if (response.contentType() != null) {
      out.headers().set("Content-Type", response.contentType());
    }
    response.headers().forEach(out.headers()::set);
    out.headers().setInt("Content-Length", response.body().length);
    if (response.resetMidway()) {
      resetMidway(ctx, out, response.body());
      return;
    }
    boolean close = !keepAlive || response.status() >= 400;
    if (close) {
      out.headers().set("Connection", "close");
      ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
    } else {
      out.headers().set("Connection", "Keep-Alive");
      ctx.writeAndFlush(out);
      ctx.channel().config().setAutoRead(true);
      ctx.read();
    }
  }

  /**
   * Sends the head and half the body, then resets the connection (RST instead of FIN, and no TLS
   * close_notify): the client reads a truncated answer and {@code Connection reset}.
   */
  private static void resetMidway(ChannelHandlerContext ctx, FullHttpResponse full, byte[] body) {
    DefaultHttpResponse head =
        new DefaultHttpResponse(full.protocolVersion(), full.status(), full.headers());
    ctx.write(head);
    ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(body, 0, body.length / 2)))
        .addListener(
            f -> {
              ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
              ctx.channel().unsafe().closeForcibly();
            });
  }

  /** A reason phrase must be one line of printable ASCII, as pve-http-server makes it. */
  static String printable(String reason) {
    String line = reason == null ? "" : reason.lines().findFirst().orElse("");
    StringBuilder out = new StringBuilder(line.length());
    for (char c : line.toCharArray()) {
      out.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return out.toString().strip();
  }

  private static SimRequest toSimRequest(FullHttpRequest request) {
    QueryStringDecoder decoder =
        new QueryStringDecoder(request.uri(), StandardCharsets.UTF_8, true, 10_000, true);
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<String, String> header : request.headers()) {
      headers.putIfAbsent(header.getKey().toLowerCase(Locale.ROOT), header.getValue());
    }
    Map<String, List<String>> query = new LinkedHashMap<>(decoder.parameters());
    return new SimRequest(
        request.method().name(),
        decoder.path(),
        query,
        headers,
        ByteBufUtil.getBytes(request.content()));
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof IdleStateEvent) {
      if (!busy) {
        ctx.close();
      }
    } else {
      super.userEventTriggered(ctx, event);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("simulator connection error: {}", cause.toString());
    ctx.close();
  }
}
