package io.replicalab.singleleader.election;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small TCP forwarder between one node and one ZooKeeper server, so the fault layer can cut a node
 * from ZooKeeper without cutting it from clients or peers. While {@code cut} holds, bytes in both
 * directions are discarded and the sockets stay open: a black hole, like a partition (the ZooKeeper
 * client only notices by its read timeout). When the cut heals, every proxied connection is reset so
 * the client reconnects cleanly and learns whether its session survived.
 */
public final class ZooKeeperProxy implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperProxy.class);

    private final InetSocketAddress target;
    private final BooleanSupplier cut;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean closed;

    private ZooKeeperProxy(InetSocketAddress target, BooleanSupplier cut, String name) throws IOException {
        this.target = target;
        this.cut = cut;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        start(name + "-accept", this::acceptLoop);
        start(name + "-watch", this::watchLoop);
    }

    /** A proxy in front of each server of {@code connectString}; returns the connect string to use instead. */
    public static Ensemble inFrontOf(String connectString, BooleanSupplier cut, String name) throws IOException {
        int slash = connectString.indexOf('/');
        String hosts = slash < 0 ? connectString : connectString.substring(0, slash);
        String chroot = slash < 0 ? "" : connectString.substring(slash);
        List<ZooKeeperProxy> proxies = new ArrayList<>();
        StringBuilder local = new StringBuilder();
        for (String hostPort : hosts.split(",")) {
            int colon = hostPort.lastIndexOf(':');
            InetSocketAddress target = new InetSocketAddress(hostPort.substring(0, colon).trim(),
                    Integer.parseInt(hostPort.substring(colon + 1).trim()));
            ZooKeeperProxy p = new ZooKeeperProxy(target, cut, name);
            proxies.add(p);
            local.append(local.length() == 0 ? "" : ",").append("127.0.0.1:").append(p.server.getLocalPort());
        }
        return new Ensemble(local + chroot, proxies);
    }

    /** The proxies of one ensemble and the connect string that goes through them. */
    public record Ensemble(String connectString, List<ZooKeeperProxy> proxies) implements AutoCloseable {
        @Override
        public void close() {
            proxies.forEach(ZooKeeperProxy::close);
        }
    }

    private void start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket();
                try {
                    upstream.connect(target, 2000);
                } catch (IOException e) {
                    closeQuietly(client);
                    continue;
                }
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                open.add(client);
                open.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                if (!closed) {
                    LOG.debug("zookeeper proxy accept: {}", e.toString());
                }
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (!cut.getAsBoolean()) {
                        out.write(buf, 0, n);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // one side closed: close the other too
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "zookeeper-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    /** On heal, resets the connections that lived through the cut (their streams lost bytes). */
    private void watchLoop() {
        boolean wasCut = false;
        while (!closed) {
            boolean isCut = cut.getAsBoolean();
            if (wasCut && !isCut) {
                open.forEach(ZooKeeperProxy::closeQuietly);
                open.clear();
            }
            wasCut = isCut;
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        open.forEach(ZooKeeperProxy::closeQuietly);
        threads.forEach(Thread::interrupt);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // already closed
        }
    }
}
