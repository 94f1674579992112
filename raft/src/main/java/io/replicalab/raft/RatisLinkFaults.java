package io.replicalab.raft;

import io.replicalab.node.rpc.LinkFaults;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.util.CodeInjectionForTesting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Link faults inside Ratis, through its {@link CodeInjectionForTesting} hooks on the receiving side of
 * the server-to-server RPCs ({@code appendEntries}, {@code requestVote}, {@code installSnapshot}). A
 * hook gets the local and the remote peer id; for a blocked link {@code remote -> local} it throws,
 * which drops the request (the sender sees an error and retries per its appender policy); for a
 * delayed link it sleeps on the receiving RPC thread before letting the request through.
 *
 * <p><b>One table per JVM.</b> Ratis keeps its hooks in a static map, so this class is a JVM-wide
 * registry: each {@link RaftNode} registers its node's {@link LinkFaults} under its id, and a hook
 * consults the tables of both endpoints present in this JVM. In a process cluster (one node per JVM) a
 * fault must therefore be installed on the <em>receiving</em> node ({@code to}) to take effect; in one
 * JVM either endpoint works. Only requests are cut: a reply travels back on its request's call, so a
 * one-way block {@code a -> b} stops a's requests to b but not b's replies to a; a partition (both
 * directions) cuts everything. Client-to-server traffic is not covered. The hook point names are
 * internal strings of Ratis 3.3.0; {@code RaftClusterTest} checks they still work.
 */
public final class RatisLinkFaults {
    private static final Logger LOG = LoggerFactory.getLogger(RatisLinkFaults.class);
    static final String[] POINTS = {
        "RaftServerImpl.appendEntries", "RaftServerImpl.requestVote", "RaftServerImpl.installSnapshot"};

    private static final Map<String, LinkFaults> TABLES = new ConcurrentHashMap<>();
    private static boolean installed;

    private RatisLinkFaults() {
    }

    /** Dropped requests surface in Ratis as this exception. */
    static final class LinkBlockedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LinkBlockedException(String from, String to) {
            super("replicalab fault: link " + from + " -> " + to + " is blocked", null, false, false);
        }
    }

    static synchronized void register(String nodeId, LinkFaults faults) {
        if (!installed) {
            for (String point : POINTS) {
                CodeInjectionForTesting.put(point, RatisLinkFaults::onReceive);
            }
            installed = true;
        }
        TABLES.put(nodeId, faults);
    }

    static void unregister(String nodeId, LinkFaults faults) {
        TABLES.remove(nodeId, faults);
    }

    private static boolean onReceive(Object localId, Object remoteId, Object... args) {
        if (localId == null || remoteId == null) {
            return false;
        }
        String local = localId.toString();
        String remote = remoteId.toString();
        LinkFaults.Verdict verdict = verdict(TABLES.get(local), remote, local);
        if (!verdict.drop() && !verdict.delayed()) {
            verdict = verdict(TABLES.get(remote), remote, local);
        }
        if (verdict.drop()) {
            LOG.debug("dropping a request {} -> {}", remote, local);
            throw new LinkBlockedException(remote, local);
        }
        if (verdict.delayed()) {
            try {
                TimeUnit.MILLISECONDS.sleep(verdict.delay().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return false;
    }

    private static LinkFaults.Verdict verdict(LinkFaults table, String from, String to) {
        return table == null ? LinkFaults.Verdict.PASS : table.decide(from, to);
    }
}
