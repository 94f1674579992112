package io.replicalab.leaderless.ring;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Consistent hashing with virtual nodes: decides which physical nodes hold a key.
 *
 * <p>Every node places {@code vnodesPerNode} tokens on a ring of signed 64-bit values; a key's
 * token is hashed the same way, and the key belongs to the first virtual node at or clockwise
 * after it. The {@code N} replicas of a key are the first {@code N} <em>distinct physical</em> nodes
 * met walking clockwise (Dynamo's preference list), so two virtual nodes of one machine never count
 * as two replicas.
 *
 * <p>Why MD5: it is in every JDK, spreads tokens well, and needs no code of our own to trust;
 * collision resistance is irrelevant here, only uniformity. A token is the first 8 bytes of the
 * digest read big-endian as a signed long, for both virtual nodes ({@code nodeId + "#" + i}) and keys.
 *
 * <p>Why deterministic: every node and every client (client-driven fan-out) must compute the same
 * preference list from the same member set, so the ring depends only on the set of node ids and the
 * vnode count, never on insertion order; the (astronomically unlikely) equal tokens are ordered by node id.
 *
 * <p>Immutable and thread-safe; membership changes build a new ring ({@link #withNode}, {@link #withoutNode}).
 */
public final class HashRing {
    private final SortedSet<String> nodes;
    private final int vnodesPerNode;
    /** Tokens of all virtual nodes, ascending; {@code owners[i]} is the physical node of {@code tokens[i]}. */
    private final long[] tokens;
    private final String[] owners;
    private final List<TokenRange> ranges;

    public HashRing(Collection<String> nodeIds, int vnodesPerNode) {
        if (vnodesPerNode < 1) {
            throw new IllegalArgumentException("vnodesPerNode must be >= 1, was " + vnodesPerNode);
        }
        TreeSet<String> sorted = new TreeSet<>();
        for (String id : nodeIds) {
            if (id == null || id.isEmpty()) {
                throw new IllegalArgumentException("node ids must be non-empty, got " + nodeIds);
            }
            if (!sorted.add(id)) {
                throw new IllegalArgumentException("duplicate node id '" + id + "' in " + nodeIds);
            }
        }
        if (sorted.isEmpty()) {
            throw new IllegalArgumentException("a ring needs at least one node");
        }
        this.nodes = Collections.unmodifiableSortedSet(sorted);
        this.vnodesPerNode = vnodesPerNode;

        record VNode(long token, String owner) { }
        List<VNode> vnodes = new ArrayList<>(sorted.size() * vnodesPerNode);
        for (String node : sorted) {
            for (int i = 0; i < vnodesPerNode; i++) {
                vnodes.add(new VNode(tokenOf((node + "#" + i).getBytes(StandardCharsets.UTF_8)), node));
            }
        }
        vnodes.sort(Comparator.comparingLong(VNode::token).thenComparing(VNode::owner));
        this.tokens = new long[vnodes.size()];
        this.owners = new String[vnodes.size()];
        for (int i = 0; i < vnodes.size(); i++) {
            tokens[i] = vnodes.get(i).token();
            owners[i] = vnodes.get(i).owner();
        }
        this.ranges = computeRanges(tokens);
    }

    private static List<TokenRange> computeRanges(long[] tokens) {
        if (tokens[0] == tokens[tokens.length - 1]) { // one vnode (or only equal tokens): it owns everything
            return List.of(TokenRange.fullRing(tokens[0]));
        }
        List<TokenRange> ranges = new ArrayList<>(tokens.length);
        for (int i = 0; i < tokens.length; i++) {
            long previous = tokens[(i + tokens.length - 1) % tokens.length];
            if (previous != tokens[i]) { // equal tokens: the first of them owns the range, the others nothing
                ranges.add(new TokenRange(previous, tokens[i]));
            }
        }
        return List.copyOf(ranges);
    }

    /** The token of arbitrary bytes (a key): first 8 bytes of MD5, big-endian, signed. */
    public static long tokenOf(byte[] bytes) {
        byte[] digest = md5().digest(bytes);
        long token = 0;
        for (int i = 0; i < 8; i++) {
            token = (token << 8) | (digest[i] & 0xFF);
        }
        return token;
    }

    /** The token of {@code key} on this ring (same for every ring: it depends on the key only). */
    public long token(byte[] key) {
        return tokenOf(key);
    }

    public SortedSet<String> nodes() {
        return nodes;
    }

    public int vnodesPerNode() {
        return vnodesPerNode;
    }

    public HashRing withNode(String node) {
        List<String> more = new ArrayList<>(nodes);
        more.add(node);
        return new HashRing(more, vnodesPerNode);
    }

    public HashRing withoutNode(String node) {
        List<String> fewer = new ArrayList<>(nodes);
        if (!fewer.remove(node)) {
            throw new IllegalArgumentException("node '" + node + "' is not in the ring " + nodes);
        }
        return new HashRing(fewer, vnodesPerNode);
    }

    /**
     * The {@code n} replicas of {@code key}: the first {@code n} distinct physical nodes clockwise from
     * its token. The first one is the key's primary owner.
     *
     * @throws IllegalArgumentException if {@code n < 1} or {@code n} exceeds the number of nodes
     */
    public List<String> preferenceList(byte[] key, int n) {
        return preferenceListForToken(token(key), n);
    }

    /** As {@link #preferenceList(byte[], int)}, for a token already computed. */
    public List<String> preferenceListForToken(long token, int n) {
        checkReplicationFactor(n);
        return distinctOwnersFrom(firstVnodeAtOrAfter(token), n);
    }

    /**
     * All physical nodes in ring order starting from {@code key}'s owner. Sloppy quorum takes the first
     * {@code N} healthy ones of this list, so a write for a down replica lands on the next node clockwise
     * (with a hint), which is also the node that would take over the range if the replica left.
     */
    public List<String> walk(byte[] key) {
        return distinctOwnersFrom(firstVnodeAtOrAfter(token(key)), nodes.size());
    }

    /**
     * The primary ranges of the ring, one per virtual node, in token order: range {@code i} ends at (and
     * is owned by) virtual node {@code i} and starts after its predecessor. They tile the ring: every
     * token is in exactly one of them.
     */
    public List<TokenRange> ranges() {
        return ranges;
    }

    /** The ranges whose primary owner is {@code node}. */
    public List<TokenRange> primaryRangesOf(String node) {
        requireMember(node);
        return ranges().stream().filter(r -> owners[vnodeEnding(r)].equals(node)).toList();
    }

    /**
     * The ranges {@code node} holds a replica of with replication factor {@code n}: the ranges an
     * anti-entropy process on {@code node} must keep a Merkle tree for.
     */
    public List<TokenRange> rangesReplicatedBy(String node, int n) {
        requireMember(node);
        checkReplicationFactor(n);
        return ranges().stream().filter(r -> replicasOf(r, n).contains(node)).toList();
    }

    /**
     * The {@code n} replicas of every key in {@code range}, which must be one of {@link #ranges()}:
     * the nodes that exchange Merkle trees for it.
     */
    public List<String> replicasOf(TokenRange range, int n) {
        checkReplicationFactor(n);
        return distinctOwnersFrom(vnodeEnding(range), n);
    }

    /** Index of the virtual node owning {@code range}, which must be exactly one of {@link #ranges()}. */
    private int vnodeEnding(TokenRange range) {
        int index = firstVnodeAtOrAfter(range.end());
        boolean isOurs = tokens[index] == range.end()
                && (range.isFullRing() ? ranges.size() == 1
                        : tokens[(index + tokens.length - 1) % tokens.length] == range.start());
        if (!isOurs) {
            throw new IllegalArgumentException("range " + range + " is not a primary range of " + this
                    + ": use one of ranges()");
        }
        return index;
    }

    private int firstVnodeAtOrAfter(long token) {
        int index = Arrays.binarySearch(tokens, token);
        if (index < 0) {
            index = -index - 1;
        } else {
            while (index > 0 && tokens[index - 1] == token) {
                index--;
            }
        }
        return index == tokens.length ? 0 : index;
    }

    private List<String> distinctOwnersFrom(int startVnode, int n) {
        Set<String> found = new LinkedHashSet<>();
        for (int step = 0; step < tokens.length && found.size() < n; step++) {
            found.add(owners[(startVnode + step) % tokens.length]);
        }
        return List.copyOf(found);
    }

    private void checkReplicationFactor(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("replication factor must be >= 1, was " + n);
        }
        if (n > nodes.size()) {
            throw new IllegalArgumentException("replication factor N=" + n + " exceeds the " + nodes.size()
                    + " nodes of the ring " + nodes + ": add nodes or lower N");
        }
    }

    private void requireMember(String node) {
        if (!nodes.contains(node)) {
            throw new IllegalArgumentException("node '" + node + "' is not in the ring " + nodes);
        }
    }

    /** MessageDigest.getInstance goes through provider lookup and reflection: once per thread, not per key. */
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java platform", e);
        }
    });

    private static MessageDigest md5() {
        MessageDigest md = MD5.get();
        md.reset();
        return md;
    }

    @Override
    public String toString() {
        return "HashRing" + nodes + " x" + vnodesPerNode;
    }
}
