package io.replicalab.leaderless.antientropy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replicalab.leaderless.ring.HashRing;
import io.replicalab.leaderless.ring.TokenRange;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {
    /** A wrapping range, the awkward case. */
    private static final TokenRange WRAPPING = new TokenRange(Long.MAX_VALUE - (1L << 61), Long.MIN_VALUE + (1L << 61));

    private static byte[] key(int i) {
        return ("key-" + i).getBytes(UTF_8);
    }

    private static byte[] version(int i, int v) {
        return ("v" + v + "-" + i).getBytes(UTF_8);
    }

    /** Keys whose tokens fall in {@code range}. */
    private static List<Integer> keysIn(TokenRange range, int count) {
        List<Integer> keys = new ArrayList<>();
        for (int i = 0; keys.size() < count; i++) {
            if (range.contains(HashRing.tokenOf(key(i)))) {
                keys.add(i);
            }
        }
        return keys;
    }

    private static MerkleTree build(TokenRange range, int depth, List<Integer> keys) {
        MerkleTree tree = new MerkleTree(range, depth);
        for (int i : keys) {
            tree.insert(HashRing.tokenOf(key(i)), key(i), version(i, 1));
        }
        return tree;
    }

    @Provide
    Arbitrary<TokenRange> ranges() {
        return Arbitraries.of(TokenRange.fullRing(42), WRAPPING, new TokenRange(-4_000_000_000_000_000_000L, 3_000_000_000_000_000_000L));
    }

    @Property(tries = 20)
    void sameKeysInAnyOrderGiveTheSameTree(@ForAll("ranges") TokenRange range, @ForAll long seed,
            @ForAll @IntRange(min = 0, max = 10) int depth) {
        List<Integer> keys = keysIn(range, 300);
        List<Integer> shuffled = new ArrayList<>(keys);
        Collections.shuffle(shuffled, new Random(seed));
        MerkleTree a = build(range, depth, keys);
        MerkleTree b = build(range, depth, shuffled);
        assertEquals(a.rootHash(), b.rootHash());
        assertEquals(List.of(), a.differingLeaves(b));
    }

    @Property(tries = 20)
    void oneDifferingKeyShowsExactlyOneLeafContainingItsToken(@ForAll("ranges") TokenRange range,
            @ForAll @IntRange(min = 0, max = 299) int changed) {
        List<Integer> keys = keysIn(range, 300);
        MerkleTree a = build(range, 10, keys);
        MerkleTree b = build(range, 10, keys);
        int k = keys.get(changed);
        long token = HashRing.tokenOf(key(k));
        b.replace(token, key(k), version(k, 1), version(k, 2));
        assertNotEquals(a.rootHash(), b.rootHash());
        List<Integer> differing = a.differingLeaves(b);
        assertEquals(1, differing.size());
        assertTrue(a.leafRange(differing.get(0)).contains(token));
        // Undoing the change restores equality: updates are incremental and order-free.
        b.replace(token, key(k), version(k, 2), version(k, 1));
        assertEquals(a.rootHash(), b.rootHash());
    }

    @Test
    void aMissingKeyIsADifferenceToo() {
        List<Integer> keys = keysIn(WRAPPING, 100);
        MerkleTree full = build(WRAPPING, 6, keys);
        MerkleTree missing = build(WRAPPING, 6, keys.subList(1, keys.size()));
        List<Integer> differing = full.differingLeaves(missing);
        assertEquals(List.of(full.leafOf(HashRing.tokenOf(key(keys.get(0))))), differing);
    }

    @Property(tries = 10)
    void leavesTileTheRangeAndLeafOfAgreesWithLeafRange(@ForAll("ranges") TokenRange range,
            @ForAll @IntRange(min = 0, max = 8) int depth, @ForAll long probe) {
        MerkleTree tree = new MerkleTree(range, depth);
        long previousEnd = range.start();
        java.math.BigInteger total = java.math.BigInteger.ZERO;
        for (int leaf = 0; leaf < tree.leafCount(); leaf++) {
            TokenRange r = tree.leafRange(leaf);
            assertEquals(previousEnd, r.start(), "leaves are contiguous");
            assertEquals(leaf, tree.leafOf(r.end()));
            total = total.add(r.width());
            previousEnd = r.end();
        }
        assertEquals(range.end(), previousEnd);
        assertEquals(range.width(), total);
        if (range.contains(probe)) {
            assertTrue(tree.leafRange(tree.leafOf(probe)).contains(probe));
        }
    }

    @Test
    void encodeDecodeRoundTrips() {
        List<Integer> keys = keysIn(WRAPPING, 200);
        MerkleTree tree = build(WRAPPING, 10, keys);
        byte[] bytes = tree.encode();
        assertEquals(1 + 1 + 16 + 8 * 2047, bytes.length);
        MerkleTree decoded = MerkleTree.decode(bytes);
        assertEquals(tree.rootHash(), decoded.rootHash());
        assertEquals(WRAPPING, decoded.range());
        assertEquals(List.of(), tree.differingLeaves(decoded));
        assertArrayEquals(bytes, decoded.encode());

        MerkleTree changed = tree.copy();
        int k = keys.get(0);
        changed.remove(HashRing.tokenOf(key(k)), key(k), version(k, 1));
        assertEquals(1, MerkleTree.decode(changed.encode()).differingLeaves(tree).size());
        assertEquals(List.of(), tree.differingLeaves(decoded), "the copy is independent");
    }

    @Test
    void clearErrors() {
        MerkleTree tree = new MerkleTree(WRAPPING, 4);
        assertThrows(IllegalArgumentException.class, () -> tree.insert(0L, key(1), version(1, 1)));
        assertThrows(IllegalArgumentException.class, () -> tree.differingLeaves(new MerkleTree(WRAPPING, 5)));
        assertThrows(IllegalArgumentException.class, () -> new MerkleTree(new TokenRange(0, 3), 4));
        assertThrows(IllegalArgumentException.class, () -> new MerkleTree(WRAPPING, 21));
        byte[] bytes = tree.encode();
        assertThrows(IllegalArgumentException.class, () -> MerkleTree.decode(java.util.Arrays.copyOf(bytes, bytes.length - 1)));
        assertThrows(IllegalArgumentException.class, () -> MerkleTree.decode(new byte[3]));
    }
}
