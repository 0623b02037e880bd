package io.pinpipe.runners.direct.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP forwarder on 127.0.0.1 in front of a server we must not stop (the shared database): clients
 * connect to {@link #port()}, bytes go both ways unchanged. {@link #cut()} is the outage: it closes
 * the listening socket and every open connection, so the client sees its connections drop and new
 * ones refused, exactly as when the server goes away. A real connection drop, not a mock.
 */
final class LoopbackForwarder implements AutoCloseable {
  private final ServerSocket listener;
  private final int target;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicLong bytesToClients = new AtomicLong();
  private volatile boolean cut;
  private volatile long holdAfter = Long.MAX_VALUE;

  LoopbackForwarder(int targetPort) throws IOException {
    this.target = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::acceptLoop, "forwarder-accept");
    accept.setDaemon(true);
    accept.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  /** Bytes the server sent to clients so far: how far a client's reads have got. */
  long bytesToClients() {
    return bytesToClients.get();
  }

  /**
   * From {@code bytes} sent to clients on, the server's further bytes are held back until the cut:
   * a client is then mid-read when the outage comes, however fast the rest would have arrived.
   */
  void holdAfter(long bytes) {
    holdAfter = bytes;
  }

  void cut() {
    cut = true;
    try {
      listener.close();
    } catch (IOException ignored) {
      // closing is all we want
    }
    for (Socket socket : sockets) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // already gone
      }
    }
  }

  @Override
  public void close() {
    cut();
  }

  private void acceptLoop() {
    while (!cut) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket();
        server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target), 5_000);
        sockets.add(client);
        sockets.add(server);
        pump(client, server, null);
        pump(server, client, bytesToClients);
      } catch (IOException e) {
        if (cut) {
          return;
        }
      }
    }
  }

  private void pump(Socket from, Socket to, AtomicLong counter) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                  while (counter != null && counter.get() >= holdAfter && !cut) {
                    Thread.sleep(10);
                  }
                  out.write(buffer, 0, n);
                  out.flush();
                  if (counter != null) {
                    counter.addAndGet(n);
                  }
                }
              } catch (IOException | InterruptedException ended) {
                // one side closed or the forwarder was cut
              } finally {
                try {
                  from.close();
                  to.close();
                } catch (IOException ignored) {
                  // already closed
                }
              }
            },
            "forwarder-pump");
    thread.setDaemon(true);
    thread.start();
  }
}
