package io.replicalab.leaderless.replica;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.replicalab.leaderless.conflict.ConflictModel;
import io.replicalab.node.storage.ByteKeys;
import io.replicalab.node.storage.CloseableIterator;
import io.replicalab.node.storage.Entry;
import io.replicalab.node.storage.StorageEngine;
import io.replicalab.node.storage.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes held for a replica that was down when they were made (sloppy quorum), stored durably in
 * this node's engine under {@code h/<owner>\0<key>} and replayed to the owner when it is back.
 * Hints of one key for one owner merge into one state, so replay sends each key once.
 *
 * <p>A hint that cannot be decoded (torn or corrupt on disk) is reported, counted and skipped: the
 * other hints still replay, and anti-entropy repairs what the lost hint carried.
 */
public final class HintStore<S> {
    private static final Logger LOG = LoggerFactory.getLogger(HintStore.class);
    private static final byte[] PREFIX = ByteKeys.utf8("h/");

    private final StorageEngine storage;
    private final ConflictModel<S> model;
    private final Object lock = new Object();
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong replayed = new AtomicLong();
    private final AtomicLong corrupt = new AtomicLong();
    private final int maxHintsPerOwner;
    /** Hinted keys per owner, counted once at start and kept up to date (guarded by {@code lock}). */
    private final java.util.Map<String, Integer> counts = new java.util.HashMap<>();

    public record Hint<S>(String owner, String key, S state) {
    }

    /** @param maxHintsPerOwner beyond this many hinted keys for one down replica, new hints are refused */
    public HintStore(StorageEngine storage, ConflictModel<S> model, int maxHintsPerOwner) {
        this.storage = storage;
        this.model = model;
        this.maxHintsPerOwner = maxHintsPerOwner;
        try (CloseableIterator<Entry> it = storage.scanPrefix(PREFIX)) {
            while (it.hasNext()) {
                counts.merge(ownerOf(it.next().key()), 1, Integer::sum);
            }
        }
    }

    private static String ownerOf(byte[] hintKey) {
        int end = PREFIX.length;
        while (end < hintKey.length && hintKey[end] != 0) {
            end++;
        }
        return new String(hintKey, PREFIX.length, end - PREFIX.length, StandardCharsets.UTF_8);
    }

    /** Hinted keys currently held for {@code owner}. */
    public int count(String owner) {
        synchronized (lock) {
            return counts.getOrDefault(owner, 0);
        }
    }

    /** Stores (merges) a hint; completes once it is durable, which is when it may count toward W. */
    public CompletableFuture<Void> add(String owner, String key, S state) {
        byte[] k = hintKey(owner, key);
        synchronized (lock) {
            S merged = state;
            Optional<byte[]> existing = storage.get(k);
            if (existing.isEmpty() && counts.getOrDefault(owner, 0) >= maxHintsPerOwner) {
                return CompletableFuture.failedFuture(new io.replicalab.api.UnavailableException("this stand-in already holds "
                        + maxHintsPerOwner + " hints for " + owner + " (leaderless.max-hints-per-node): hint refused"));
            }
            if (existing.isEmpty()) {
                counts.merge(owner, 1, Integer::sum);
            }
            if (existing.isPresent()) {
                try {
                    merged = model.merge(decode(existing.get()), state);
                } catch (RuntimeException e) {
                    LOG.warn("hint for {} key '{}' was unreadable and is replaced: {}", owner, key, e.getMessage());
                }
            }
            stored.incrementAndGet();
            return storage.write(new WriteBatch().put(k, encode(merged))).toCompletableFuture();
        }
    }

    /** Up to {@code limit} hints for {@code owner}; corrupt ones are reported, deleted and skipped. */
    public List<Hint<S>> hintsFor(String owner, int limit) {
        byte[] prefix = ByteKeys.concat(PREFIX, ByteKeys.utf8(owner), new byte[] {0});
        List<Hint<S>> out = new ArrayList<>();
        List<byte[]> bad = new ArrayList<>();
        try (CloseableIterator<Entry> it = storage.scanPrefix(prefix)) {
            while (it.hasNext() && out.size() < limit) {
                Entry e = it.next();
                String key = new String(Arrays.copyOfRange(e.key(), prefix.length, e.key().length), StandardCharsets.UTF_8);
                try {
                    out.add(new Hint<>(owner, key, decode(e.value())));
                } catch (RuntimeException ex) {
                    corrupt.incrementAndGet();
                    bad.add(e.key());
                    LOG.warn("skipping corrupt hint for {} key '{}' ({}); anti-entropy will repair that key", owner, key,
                            ex.getMessage());
                }
            }
        }
        if (!bad.isEmpty()) {
            WriteBatch drop = new WriteBatch();
            bad.forEach(drop::delete);
            synchronized (lock) {
                storage.write(drop);
                counts.merge(owner, -bad.size(), Integer::sum);
            }
        }
        return out;
    }

    /** Owners with at least one stored hint. */
    public List<String> owners() {
        List<String> owners = new ArrayList<>();
        byte[] from = PREFIX;
        while (true) {
            String owner;
            try (CloseableIterator<Entry> it = storage.scan(from, ByteKeys.prefixEnd(PREFIX))) {
                if (!it.hasNext()) {
                    return owners;
                }
                owner = ownerOf(it.next().key());
            }
            owners.add(owner);
            from = ByteKeys.concat(PREFIX, ByteKeys.utf8(owner), new byte[] {1}); // past "owner\0..."
        }
    }

    /** Drops a replayed hint unless it changed since it was read (then the newer one replays later). */
    public void delivered(Hint<S> hint) {
        byte[] k = hintKey(hint.owner(), hint.key());
        synchronized (lock) {
            Optional<byte[]> now = storage.get(k);
            if (now.isPresent() && Arrays.equals(now.get(), encode(hint.state()))) {
                storage.write(new WriteBatch().delete(k));
                counts.merge(hint.owner(), -1, Integer::sum);
                replayed.incrementAndGet();
            }
        }
    }

    public long stored() {
        return stored.get();
    }

    public long replayed() {
        return replayed.get();
    }

    public long corrupt() {
        return corrupt.get();
    }

    /** For tests that damage a hint on disk. */
    public static byte[] hintKey(String owner, String key) {
        return ByteKeys.concat(PREFIX, ByteKeys.utf8(owner), new byte[] {0}, ByteKeys.utf8(key));
    }

    private S decode(byte[] bytes) {
        return model.fromBytes(bytes);
    }

    private byte[] encode(S state) {
        return model.toBytes(state);
    }
}
