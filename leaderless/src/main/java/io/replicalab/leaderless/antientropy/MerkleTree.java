package io.replicalab.leaderless.antientropy;

import io.replicalab.leaderless.ring.TokenRange;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A fixed-depth binary hash tree over one token range, for anti-entropy: two replicas of the range
 * compare roots, descend only where hashes differ, and stream the keys of the differing leaves.
 *
 * <p>Leaves split the range into {@code 2^depth} equal token buckets. A leaf's hash is the XOR of a
 * 64-bit digest (first 8 bytes of SHA-256) of each {@code (key, valueDigest)} in its bucket. XOR is
 * chosen because it does not depend on insertion order and is its own inverse: a replica updates its
 * tree on every write in O(1) by XOR-ing out the old pair and XOR-ing in the new one, instead of
 * rebuilding trees by scanning storage (the build cost Riak users complained about). Parents are
 * {@code SHA-256(left || right)} truncated to 64 bits, recomputed lazily for the paths dirtied since the
 * last comparison. 64 bits make an accidental collision (a missed difference) negligible; XOR of
 * cryptographic digests is not meant to resist an adversary crafting keys, which is not our threat model.
 *
 * <p>Mutable and not thread-safe: owned by the replica's single protocol thread; take a {@link #copy()}
 * or {@link #encode()} to exchange a consistent view.
 */
public final class MerkleTree {
    public static final int MAX_DEPTH = 20;
    private static final byte FORMAT = 1;

    private final TokenRange range;
    private final int depth;
    private final int leafCount;
    /** Unsigned offset (from {@code range.start() + 1}) of the first token of each leaf, plus the range width at the end. */
    private final long[] leafFirstOffset;
    /** Heap layout: node 1 is the root, node i has children 2i and 2i+1, leaves are [leafCount, 2*leafCount). */
    private final long[] hashes;
    private final boolean[] dirty;
    private boolean anyDirty;

    public MerkleTree(TokenRange range, int depth) {
        if (depth < 0 || depth > MAX_DEPTH) {
            throw new IllegalArgumentException("depth must be in [0, " + MAX_DEPTH + "], was " + depth);
        }
        this.range = range;
        this.depth = depth;
        this.leafCount = 1 << depth;
        BigInteger width = range.width();
        if (width.compareTo(BigInteger.valueOf(leafCount)) < 0) {
            throw new IllegalArgumentException("range " + range + " has fewer tokens than the " + leafCount
                    + " leaves of a depth-" + depth + " tree: use a smaller depth");
        }
        this.leafFirstOffset = new long[leafCount + 1];
        BigInteger leaves = BigInteger.valueOf(leafCount);
        for (int i = 0; i <= leafCount; i++) {
            // ceil(i * width / leaves); the last one is the width itself (2^64 wraps to 0 for the full ring).
            BigInteger[] qr = width.multiply(BigInteger.valueOf(i)).divideAndRemainder(leaves);
            leafFirstOffset[i] = qr[0].add(qr[1].signum() == 0 ? BigInteger.ZERO : BigInteger.ONE).longValue();
        }
        this.hashes = new long[2 * leafCount];
        this.dirty = new boolean[leafCount];
        // All leaves empty: compute the internal hashes of the empty tree once.
        Arrays.fill(dirty, true);
        this.anyDirty = true;
    }

    private MerkleTree(MerkleTree source) {
        this.range = source.range;
        this.depth = source.depth;
        this.leafCount = source.leafCount;
        this.leafFirstOffset = source.leafFirstOffset; // never mutated
        this.hashes = source.hashes.clone();
        this.dirty = source.dirty.clone();
        this.anyDirty = source.anyDirty;
    }

    public TokenRange range() {
        return range;
    }

    public int depth() {
        return depth;
    }

    public int leafCount() {
        return leafCount;
    }

    /** An independent copy, e.g. a snapshot to send while writes keep updating this tree. */
    public MerkleTree copy() {
        return new MerkleTree(this);
    }

    /** Records that {@code key} (at {@code token}) now holds a version whose digest is {@code valueDigest}. */
    public void insert(long token, byte[] key, byte[] valueDigest) {
        toggle(token, key, valueDigest);
    }

    /** Forgets a pair previously {@link #insert inserted} (same key and value digest). */
    public void remove(long token, byte[] key, byte[] valueDigest) {
        toggle(token, key, valueDigest);
    }

    /** A write replaced {@code key}'s version: remove the old pair, insert the new one. */
    public void replace(long token, byte[] key, byte[] oldValueDigest, byte[] newValueDigest) {
        remove(token, key, oldValueDigest);
        insert(token, key, newValueDigest);
    }

    private void toggle(long token, byte[] key, byte[] valueDigest) {
        int leaf = leafOf(token);
        hashes[leafCount + leaf] ^= pairDigest(key, valueDigest);
        for (int node = (leafCount + leaf) >>> 1; node >= 1 && !dirty[node]; node >>>= 1) {
            dirty[node] = true;
        }
        anyDirty = true;
    }

    /** The leaf whose bucket holds {@code token}. */
    public int leafOf(long token) {
        if (!range.contains(token)) {
            throw new IllegalArgumentException("token " + token + " is outside the tree's range " + range);
        }
        long offset = token - range.start() - 1; // unsigned offset into the range
        int low = 0;
        int high = leafCount - 1;
        while (low < high) { // last leaf whose first offset <= offset
            int mid = (low + high + 1) >>> 1;
            if (Long.compareUnsigned(leafFirstOffset[mid], offset) <= 0) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }

    /** The tokens of {@code leaf}: the keys to stream when that leaf differs. */
    public TokenRange leafRange(int leaf) {
        if (leaf < 0 || leaf >= leafCount) {
            throw new IllegalArgumentException("leaf " + leaf + " outside [0, " + leafCount + ")");
        }
        if (leafCount == 1) {
            return range;
        }
        return new TokenRange(range.start() + leafFirstOffset[leaf], range.start() + leafFirstOffset[leaf + 1]);
    }

    public long rootHash() {
        recomputeDirty();
        return hashes[1];
    }

    /** Hash of a leaf bucket (0 when empty). */
    public long leafHash(int leaf) {
        return hashes[leafCount + leaf];
    }

    /**
     * The leaves whose buckets differ from {@code other}'s, ascending, found by descending only into
     * subtrees whose hashes differ (what a network exchange does level by level).
     *
     * @throws IllegalArgumentException if the trees cover different ranges or have different depths
     */
    public List<Integer> differingLeaves(MerkleTree other) {
        if (!range.equals(other.range) || depth != other.depth) {
            throw new IllegalArgumentException("cannot compare a depth-" + depth + " tree of " + range
                    + " with a depth-" + other.depth + " tree of " + other.range);
        }
        recomputeDirty();
        other.recomputeDirty();
        List<Integer> differing = new ArrayList<>();
        collectDiffering(1, other, differing);
        return differing;
    }

    private void collectDiffering(int node, MerkleTree other, List<Integer> out) {
        if (hashes[node] == other.hashes[node]) {
            return;
        }
        if (node >= leafCount) {
            out.add(node - leafCount);
            return;
        }
        collectDiffering(2 * node, other, out);
        collectDiffering(2 * node + 1, other, out);
    }

    private void recomputeDirty() {
        if (!anyDirty) {
            return;
        }
        MessageDigest sha = sha256();
        ByteBuffer pair = ByteBuffer.allocate(16);
        for (int node = leafCount - 1; node >= 1; node--) { // children before parents
            if (dirty[node]) {
                pair.clear();
                pair.putLong(hashes[2 * node]).putLong(hashes[2 * node + 1]);
                hashes[node] = first8(sha.digest(pair.array()));
                dirty[node] = false;
            }
        }
        anyDirty = false;
    }

    /** 64-bit digest of one (key, version digest) pair; the key is length-prefixed so pairs cannot alias. */
    static long pairDigest(byte[] key, byte[] valueDigest) {
        MessageDigest sha = sha256();
        sha.update(ByteBuffer.allocate(4).putInt(key.length).array());
        sha.update(key);
        sha.update(valueDigest);
        return first8(sha.digest());
    }

    private static long first8(byte[] digest) {
        return ByteBuffer.wrap(digest, 0, 8).getLong();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    // ---- exchange form ---------------------------------------------------------------------------

    /**
     * The whole tree for exchange: format byte, depth, range start and end, then the {@code 2^(depth+1) - 1}
     * node hashes level by level from the root (16 KiB at depth 10). A peer decodes it and calls
     * {@link #differingLeaves}.
     */
    public byte[] encode() {
        recomputeDirty();
        ByteBuffer out = ByteBuffer.allocate(1 + 1 + 16 + 8 * (2 * leafCount - 1));
        out.put(FORMAT).put((byte) depth).putLong(range.start()).putLong(range.end());
        for (int node = 1; node < 2 * leafCount; node++) {
            out.putLong(hashes[node]);
        }
        return out.array();
    }

    /**
     * Parses {@link #encode()}'s output. Internal hashes are taken as sent (not re-derived from the leaves),
     * so the tree compares exactly as the sender's did.
     *
     * @throws IllegalArgumentException on malformed input
     */
    public static MerkleTree decode(byte[] bytes) {
        if (bytes.length < 18 || bytes[0] != FORMAT) {
            throw new IllegalArgumentException("not an encoded Merkle tree (" + bytes.length + " bytes)");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        in.get();
        int depth = in.get();
        if (depth < 0 || depth > MAX_DEPTH) {
            throw new IllegalArgumentException("not an encoded Merkle tree: depth " + depth);
        }
        TokenRange range = new TokenRange(in.getLong(), in.getLong());
        int nodes = (2 << depth) - 1;
        if (in.remaining() != 8L * nodes) {
            throw new IllegalArgumentException("not an encoded Merkle tree: depth " + depth + " needs "
                    + 8L * nodes + " bytes of hashes, got " + in.remaining());
        }
        MerkleTree tree = new MerkleTree(range, depth);
        for (int node = 1; node <= nodes; node++) {
            tree.hashes[node] = in.getLong();
        }
        Arrays.fill(tree.dirty, false);
        tree.anyDirty = false;
        return tree;
    }
}
