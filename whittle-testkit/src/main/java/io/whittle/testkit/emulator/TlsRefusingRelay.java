package io.whittle.testkit.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The public port of a plain-http endpoint. Clients such as skopeo try TLS first and fall back to http only
 * when the handshake fails; the JDK's server would wait for a request line that never comes until the client's
 * 10-second handshake timeout. This relay closes a connection whose first byte opens a TLS handshake, so the
 * fallback is immediate, and pipes every other connection to the server unchanged.
 */
final class TlsRefusingRelay implements AutoCloseable {
    private static final int TLS_HANDSHAKE = 0x16;

    private final ServerSocket socket;
    private final int target;
    private final ExecutorService threads;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;

    TlsRefusingRelay(int target, String role) throws IOException {
        this.target = target;
        this.socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "whittle-emulator-relay-" + role);
            t.setDaemon(true);
            return t;
        });
        threads.execute(this::acceptLoop);
    }

    int port() {
        return socket.getLocalPort();
    }

    private void acceptLoop() {
        while (running) {
            try {
                Socket client = socket.accept();
                open.add(client);
                threads.execute(() -> relay(client));
            } catch (IOException | java.util.concurrent.RejectedExecutionException e) {
                if (!running) {
                    return;
                }
            }
        }
    }

    private void relay(Socket client) {
        try (client; Socket server = new Socket()) {
            PushbackInputStream in = new PushbackInputStream(client.getInputStream(), 1);
            int first = in.read();
            if (first < 0 || first == TLS_HANDSHAKE) {
                return;
            }
            in.unread(first);
            open.add(server);
            server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target), 5_000);
            client.setTcpNoDelay(true);
            server.setTcpNoDelay(true);
            threads.execute(() -> pump(in, server, true));
            pump(server.getInputStream(), client, false);
        } catch (IOException e) {
            // One side went away; closing both ends the exchange.
        } finally {
            open.remove(client);
        }
    }

    private void pump(InputStream from, Socket to, boolean halfClose) {
        try {
            OutputStream out = to.getOutputStream();
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = from.read(buf)) >= 0) {
                out.write(buf, 0, n);
                out.flush();
            }
            if (halfClose) {
                to.shutdownOutput();
            }
        } catch (IOException e) {
            // The connection closed.
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        threads.shutdownNow();
    }
}
