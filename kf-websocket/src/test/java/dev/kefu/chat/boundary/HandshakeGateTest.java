package dev.kefu.chat.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kefu.chat.control.Admissions;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HandshakeGateTest {

  /** A browser's WebSocket handshake to the visitor socket, as the container hands it over. */
  private static HttpServletRequest browserHandshake() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Host", "chat.example");
    headers.put("Connection", "Upgrade");
    headers.put("Pragma", "no-cache");
    headers.put("Cache-Control", "no-cache");
    headers.put("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0.0.0");
    headers.put("Upgrade", "websocket");
    headers.put("Origin", "https://shop.example");
    headers.put("Sec-WebSocket-Version", "13");
    headers.put("Accept-Encoding", "gzip, deflate, br");
    headers.put("Accept-Language", "zh-CN,zh;q=0.9");
    headers.put("Cookie", "theme=dark");
    headers.put("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
    headers.put("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits");
    Map<String, String[]> parameters = Map.of("site", new String[] {"s-1"});
    return (HttpServletRequest)
        Proxy.newProxyInstance(
            HandshakeGateTest.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getHeaderNames" -> Collections.enumeration(headers.keySet());
                  case "getHeader" -> headers.get((String) args[0]);
                  case "getQueryString" -> "site=s-1&" + Admissions.PARAMETER + "=forged";
                  case "getParameterMap" -> parameters;
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }

  @Test
  void theWebSocketLayerIsShownOnlyTheHandshakesOwnHeaders() {
    var admitted = new HandshakeGate.Admitted(browserHandshake(), "key-1");

    assertThat(Collections.list(admitted.getHeaderNames()))
        .containsExactly(
            "Host",
            "Connection",
            "Upgrade",
            "Origin",
            "Sec-WebSocket-Version",
            "Sec-WebSocket-Key",
            "Sec-WebSocket-Extensions");
    // Asked for by name, every header is still there for whoever needs it.
    assertThat(admitted.getHeader("User-Agent")).startsWith("Mozilla/5.0");
  }

  @Test
  void onlyTheGateNamesTheAdmission() {
    var admitted = new HandshakeGate.Admitted(browserHandshake(), "key-1");

    assertThat(admitted.getParameter(Admissions.PARAMETER)).isEqualTo("key-1");
    assertThat(admitted.getQueryString()).isEqualTo("site=s-1&" + Admissions.PARAMETER + "=key-1");
    assertThat(admitted.getParameter("site")).isEqualTo("s-1");
  }

  @Test
  void aRequestTheContainerRecycledUnderTheHandshakeIsToldApartFromKefusOwnFailures() {
    NullPointerException recycled = new NullPointerException("this.connection is null");
    recycled.setStackTrace(
        new StackTraceElement[] {
          new StackTraceElement(
              "org.glassfish.grizzly.http.HttpRequestPacket", "remoteAddr", null, 294),
          new StackTraceElement("dev.kefu.chat.boundary.HandshakeGate", "doFilter", null, 80)
        });
    NullPointerException ours = new NullPointerException("site");
    ours.setStackTrace(
        new StackTraceElement[] {
          new StackTraceElement("dev.kefu.chat.boundary.HandshakeGate", "admitVisitor", null, 1)
        });

    assertThat(HandshakeGate.recycledUnderUs(recycled)).isTrue();
    assertThat(HandshakeGate.recycledUnderUs(ours)).isFalse();
    assertThat(HandshakeGate.recycledUnderUs(new IllegalStateException("grizzly"))).isFalse();
  }
}
