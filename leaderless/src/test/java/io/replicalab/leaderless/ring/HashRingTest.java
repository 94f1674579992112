package io.replicalab.leaderless.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class HashRingTest {
    private static final List<String> FIVE = List.of("n1", "n2", "n3", "n4", "n5");

    private static byte[] key(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<byte[]> keys(int count) {
        return IntStream.range(0, count).mapToObj(i -> key("key-" + i)).toList();
    }

    @Provide
    Arbitrary<List<String>> members() {
        return Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(8)
                .set().ofMinSize(1).ofMaxSize(8).map(ArrayList::new);
    }

    @Property(tries = 50)
    void preferenceListHasNDistinctNodesOwnedByTheRing(@ForAll("members") List<String> members,
            @ForAll @IntRange(min = 1, max = 16) int vnodes, @ForAll byte[] key, @ForAll @IntRange(min = 1, max = 8) int n) {
        HashRing ring = new HashRing(members, vnodes);
        if (n > members.size()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ring.preferenceList(key, n));
            assertTrue(e.getMessage().contains("exceeds"), e.getMessage());
            return;
        }
        List<String> list = ring.preferenceList(key, n);
        assertEquals(n, list.size());
        assertEquals(n, new HashSet<>(list).size());
        assertTrue(members.containsAll(list));
        // The preference list is a prefix of the walk used by sloppy quorum.
        assertEquals(list, ring.walk(key).subList(0, n));
        assertEquals(members.size(), ring.walk(key).size());
    }

    @Property(tries = 30)
    void sameAnswerRegardlessOfInsertionOrder(@ForAll("members") List<String> members, @ForAll long seed) {
        List<String> shuffled = new ArrayList<>(members);
        Collections.shuffle(shuffled, new Random(seed));
        HashRing a = new HashRing(members, 8);
        HashRing b = new HashRing(shuffled, 8);
        int n = Math.min(3, members.size());
        for (byte[] key : keys(200)) {
            assertEquals(a.preferenceList(key, n), b.preferenceList(key, n));
        }
        assertEquals(a.ranges(), b.ranges());
    }

    @Test
    void addingANodeMovesOnlyKeysToTheNewNodeAndAboutAQuarterOfThem() {
        HashRing before = new HashRing(List.of("a", "b", "c"), 64);
        HashRing after = before.withNode("d");
        List<byte[]> keys = keys(10_000);
        int moved = 0;
        for (byte[] key : keys) {
            String oldOwner = before.preferenceList(key, 1).get(0);
            String newOwner = after.preferenceList(key, 1).get(0);
            if (!oldOwner.equals(newOwner)) {
                assertEquals("d", newOwner, "a key may only move to the node that joined");
                moved++;
            }
            // Replica sets change by at most the new node displacing one old replica.
            List<String> oldReplicas = before.preferenceList(key, 3);
            List<String> newReplicas = after.preferenceList(key, 3);
            List<String> kept = new ArrayList<>(newReplicas);
            kept.remove("d");
            assertTrue(oldReplicas.containsAll(kept), oldReplicas + " -> " + newReplicas);
        }
        double fraction = moved / (double) keys.size();
        assertTrue(fraction > 0.1 && fraction < 0.5, "moved fraction " + fraction + ", expected about 1/4");
    }

    @Property(tries = 10)
    void hundredTwentyEightVnodesBalanceTheRing(@ForAll("members") List<String> members) {
        HashRing ring = new HashRing(members, 128);
        Map<String, Double> share = new HashMap<>();
        for (TokenRange range : ring.ranges()) {
            String owner = ring.replicasOf(range, 1).get(0);
            share.merge(owner, range.fractionOfRing(), Double::sum);
        }
        double fair = 1.0 / members.size();
        for (String node : members) {
            double s = share.getOrDefault(node, 0.0);
            assertTrue(s > 0.6 * fair && s < 1.4 * fair, node + " owns " + s + " of the ring, fair share " + fair);
        }
        assertEquals(1.0, share.values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
    }

    @Provide
    Arbitrary<Long> tokens() {
        return Arbitraries.oneOf(Arbitraries.longs(),
                Arbitraries.of(Long.MIN_VALUE, Long.MIN_VALUE + 1, -1L, 0L, 1L, Long.MAX_VALUE - 1, Long.MAX_VALUE));
    }

    @Property(tries = 200)
    void everyTokenLiesInExactlyOneRangeWhoseReplicasMatchThePreferenceList(@ForAll("tokens") long token,
            @ForAll @IntRange(min = 1, max = 5) int nodeCount, @ForAll @IntRange(min = 1, max = 8) int vnodes) {
        HashRing ring = new HashRing(FIVE.subList(0, nodeCount), vnodes);
        List<TokenRange> containing = ring.ranges().stream().filter(r -> r.contains(token)).toList();
        assertEquals(1, containing.size(), () -> token + " in " + containing);
        int n = Math.min(3, nodeCount);
        assertEquals(ring.preferenceListForToken(token, n), ring.replicasOf(containing.get(0), n));
    }

    @Test
    void vnodeTokensThemselvesBelongToTheRangeTheyEnd() {
        HashRing ring = new HashRing(FIVE, 16);
        for (TokenRange range : ring.ranges()) {
            assertTrue(range.contains(range.end()));
            assertTrue(!range.contains(range.start()) || range.isFullRing());
            assertEquals(range, ring.ranges().stream().filter(r -> r.contains(range.end())).findFirst().orElseThrow());
        }
    }

    @Test
    void singleVnodeOwnsTheFullRing() {
        HashRing ring = new HashRing(List.of("solo"), 1);
        assertEquals(1, ring.ranges().size());
        TokenRange all = ring.ranges().get(0);
        assertTrue(all.isFullRing());
        assertEquals(1.0, all.fractionOfRing(), 0.0);
        assertTrue(all.contains(Long.MIN_VALUE) && all.contains(Long.MAX_VALUE) && all.contains(0));
        assertEquals(List.of("solo"), ring.replicasOf(all, 1));
    }

    @Test
    void rangesReplicatedByANodeAreThoseWhoseReplicaSetContainsIt() {
        HashRing ring = new HashRing(FIVE, 8);
        int total = 0;
        for (String node : FIVE) {
            List<TokenRange> replicated = ring.rangesReplicatedBy(node, 3);
            assertTrue(replicated.containsAll(ring.primaryRangesOf(node)));
            total += replicated.size();
        }
        assertEquals(3 * ring.ranges().size(), total, "each range is replicated on exactly 3 nodes");
    }

    @Test
    void clearErrors() {
        HashRing ring = new HashRing(List.of("a", "b"), 4);
        assertThrows(IllegalArgumentException.class, () -> ring.preferenceList(key("k"), 3));
        assertThrows(IllegalArgumentException.class, () -> ring.preferenceList(key("k"), 0));
        assertThrows(IllegalArgumentException.class, () -> ring.replicasOf(new TokenRange(1, 2), 1));
        assertThrows(IllegalArgumentException.class, () -> ring.primaryRangesOf("zz"));
        assertThrows(IllegalArgumentException.class, () -> new HashRing(List.of("a", "a"), 4));
        assertThrows(IllegalArgumentException.class, () -> new HashRing(List.of(), 4));
        assertThrows(IllegalArgumentException.class, () -> new HashRing(List.of("a"), 0));
    }

    @Test
    void tokenIsFirstEightBytesOfMd5() {
        // MD5("") = d41d8cd98f00b204e9800998ecf8427e
        assertEquals(0xd41d8cd98f00b204L, HashRing.tokenOf(new byte[0]));
    }
}
