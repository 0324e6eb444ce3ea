package dev.kefu.bench;

import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

/**
 * Sends every text frame back as it came, asynchronously as Kefu sends its frames: no parsing, no
 * database, nothing of Kefu's.
 */
@ServerEndpoint("/echo")
public class EchoEndpoint {

  @OnMessage
  public void echo(String text, Session session) {
    session.getAsyncRemote().sendText(text);
  }
}
