package io.replicalab.leaderless.antientropy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.replicalab.leaderless.coordinator.Liveness;
import io.replicalab.leaderless.replica.ByteBufs;
import io.replicalab.leaderless.replica.ReplicaStore;
import io.replicalab.leaderless.ring.HashRing;
import io.replicalab.leaderless.ring.TokenRange;
import io.replicalab.leaderless.wire.LeaderlessMessages.LeafStates;
import io.replicalab.leaderless.wire.LeaderlessMessages.LeafStatesRequest;
import io.replicalab.leaderless.wire.LeaderlessMessages.MerkleRequest;
import io.replicalab.leaderless.wire.LeaderlessMessages.MerkleResponse;
import io.replicalab.leaderless.wire.LeaderlessMessages.ReplicaAck;
import io.replicalab.leaderless.wire.LeaderlessMessages.ReplicaApply;
import io.replicalab.node.NodeRuntime;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merkle-tree anti-entropy between replica pairs. Each round this node picks the next live peer and
 * both build a tree over the whole token ring holding only the keys the two of them replicate (so the
 * trees are comparable); the leaves that differ are exchanged key by key in both directions and
 * merged. Repairs what read repair never reads and what hints never carried (expired window, lost
 * hint, wiped disk).
 *
 * <p>Trees are rebuilt from a scan each round rather than kept up to date per write: simple and
 * exact, at O(keys) per round (the cost Riak's AAE avoids by persisting trees; see docs/decisions.md).
 */
public final class AntiEntropy<S> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AntiEntropy.class);

    private final NodeRuntime runtime;
    private final ReplicaStore<S> store;
    private final HashRing ring;
    private final int n;
    private final int depth;
    private final List<String> peers;
    private final Liveness liveness;
    private final Duration timeout;
    private final AtomicInteger nextPeer = new AtomicInteger();
    private final AtomicLong exchanges = new AtomicLong();
    private final AtomicLong keysRepaired = new AtomicLong();
    private final ScheduledFuture<?> task;

    public AntiEntropy(NodeRuntime runtime, ReplicaStore<S> store, HashRing ring, int n, int depth, List<String> peers,
                       Liveness liveness, Duration interval, Duration timeout, ScheduledExecutorService scheduler) {
        this.runtime = runtime;
        this.store = store;
        this.ring = ring;
        this.n = n;
        this.depth = depth;
        this.peers = peers;
        this.liveness = liveness;
        this.timeout = timeout;
        runtime.rpc().handle(MerkleRequest.class, (from, q) -> CompletableFuture.supplyAsync(
                () -> new MerkleResponse(treeSharedWith(q.requester(), q.depth()).encode())));
        runtime.rpc().handle(LeafStatesRequest.class, (from, q) -> CompletableFuture.supplyAsync(
                () -> statesIn(q.requester(), q.depth(), new HashSet<>(q.leaves()))));
        this.task = interval.isZero() ? null : scheduler.scheduleWithFixedDelay(this::roundQuietly, interval.toMillis(),
                interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public long exchanges() {
        return exchanges.get();
    }

    public long keysRepaired() {
        return keysRepaired.get();
    }

    private void roundQuietly() {
        try {
            round();
        } catch (Exception e) {
            LOG.debug("anti-entropy round of {} stopped: {}", runtime.nodeId(), e.toString());
        }
    }

    /** One exchange with the next live peer; returns the number of keys repaired on either side. */
    public long round() throws Exception {
        for (int tried = 0; tried < peers.size(); tried++) {
            String peer = peers.get(Math.floorMod(nextPeer.getAndIncrement(), peers.size()));
            if (liveness.isAlive(peer)) {
                return exchangeWith(peer);
            }
        }
        return 0;
    }

    long exchangeWith(String peer) throws Exception {
        long wait = timeout.toMillis() * 2;
        MerkleTree mine = treeSharedWith(peer, depth);
        MerkleResponse theirs = runtime.callPeer(peer, new MerkleRequest(runtime.nodeId(), depth), MerkleResponse.class,
                timeout).get(wait, TimeUnit.MILLISECONDS);
        List<Integer> differing = mine.differingLeaves(MerkleTree.decode(theirs.tree()));
        exchanges.incrementAndGet();
        if (differing.isEmpty()) {
            return 0;
        }
        LeafStates remote = runtime.callPeer(peer, new LeafStatesRequest(runtime.nodeId(), depth, differing),
                LeafStates.class, timeout).get(wait, TimeUnit.MILLISECONDS);
        long repaired = 0;
        Set<String> remoteKeys = new HashSet<>();
        for (int i = 0; i < remote.keys().size(); i++) {
            String key = remote.keys().get(i);
            remoteKeys.add(key);
            S theirState = decode(remote.states().get(i));
            S before = store.read(key);
            S merged = store.merge(key, theirState).get(wait, TimeUnit.MILLISECONDS);
            if (!merged.equals(before)) {
                repaired++;
            }
            if (!merged.equals(theirState)) {
                push(peer, key, merged, wait);
                repaired++;
            }
        }
        LeafStates local = statesIn(peer, depth, new HashSet<>(differing));
        for (int i = 0; i < local.keys().size(); i++) {
            if (!remoteKeys.contains(local.keys().get(i))) {
                push(peer, local.keys().get(i), decode(local.states().get(i)), wait);
                repaired++;
            }
        }
        keysRepaired.addAndGet(repaired);
        if (repaired > 0) {
            LOG.info("anti-entropy {} <-> {}: {} differing leaves, {} keys repaired", runtime.nodeId(), peer,
                    differing.size(), repaired);
        }
        return repaired;
    }

    private void push(String peer, String key, S state, long waitMillis) throws Exception {
        runtime.callPeer(peer, new ReplicaApply(key, encode(state)), ReplicaAck.class, timeout)
                .get(waitMillis, TimeUnit.MILLISECONDS);
    }

    private MerkleTree treeSharedWith(String peer, int treeDepth) {
        MerkleTree tree = new MerkleTree(TokenRange.fullRing(Long.MIN_VALUE), treeDepth);
        for (Map.Entry<String, S> e : sharedKeys(peer)) {
            byte[] key = e.getKey().getBytes(StandardCharsets.UTF_8);
            tree.insert(ring.token(key), key, digest(encode(e.getValue())));
        }
        return tree;
    }

    private LeafStates statesIn(String peer, int treeDepth, Set<Integer> leaves) {
        MerkleTree shape = new MerkleTree(TokenRange.fullRing(Long.MIN_VALUE), treeDepth);
        List<String> keys = new ArrayList<>();
        List<byte[]> states = new ArrayList<>();
        for (Map.Entry<String, S> e : sharedKeys(peer)) {
            if (leaves.contains(shape.leafOf(ring.token(e.getKey().getBytes(StandardCharsets.UTF_8))))) {
                keys.add(e.getKey());
                states.add(encode(e.getValue()));
            }
        }
        return new LeafStates(keys, states);
    }

    /** Keys whose preference list holds both this node and {@code peer}. */
    private List<Map.Entry<String, S>> sharedKeys(String peer) {
        List<Map.Entry<String, S>> shared = new ArrayList<>();
        for (Map.Entry<String, S> e : store.scanAll()) {
            List<String> replicas = ring.preferenceList(e.getKey().getBytes(StandardCharsets.UTF_8), n);
            if (replicas.contains(peer) && replicas.contains(runtime.nodeId())) {
                shared.add(e);
            }
        }
        return shared;
    }

    private byte[] encode(S state) {
        return store.model().toBytes(state);
    }

    private S decode(byte[] bytes) {
        return store.model().fromBytes(bytes);
    }

    private static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (task != null) {
            task.cancel(false);
        }
    }
}
