package io.replicalab.raft;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The compact binary encoding of the commands and queries of {@link KvStateMachine} and of their
 * replies. A command is {@code op:byte, key:(len:int, utf8), [version:long | value:(len:int, bytes)]*};
 * a reply is {@code status:byte, version:long, [value]}. A batch of commands (one Raft entry for several
 * writes) is {@code BATCH:byte, count:int, (len:int, command)*} and its reply {@code count:int, (len:int, reply)*}.
 * The same framing around {@link #GET} queries is a multi-get (one read-only request for several gets, see
 * {@link RequestBatcher#forReads}), answered with one reply per get in the same reply framing.
 * No Java serialization anywhere.
 */
final class KvCodec {
    static final byte PUT = 1;
    static final byte DELETE = 2;
    /** CAS: the key's version must equal the given one (0 = the key must be absent). */
    static final byte CAS_VERSION = 3;
    /** CAS: the key's value must equal the given bytes. */
    static final byte CAS_VALUE = 4;
    static final byte GET = 10;
    /**
     * Several write commands in one Raft entry, applied in order, or several gets in one read-only request, answered
     * from one state (see {@link RequestBatcher}).
     */
    static final byte BATCH = 20;

    static final byte OK = 1;
    static final byte NOT_APPLIED = 0;
    static final byte ABSENT = 2;

    private KvCodec() {
    }

    /** A decoded command or query. {@code expectedValue}/{@code expectedVersion} only for CAS. */
    record Command(byte op, String key, byte[] value, long expectedVersion, byte[] expectedValue) {
    }

    /**
     * A decoded reply: {@code status} is OK, NOT_APPLIED or ABSENT; version 0 means none. {@code servedBy} is not
     * on the wire: the client notes the server that sent the Ratis reply (null until it does).
     */
    record Reply(byte status, long version, byte[] value, String servedBy) {
        Reply(byte status, long version, byte[] value) {
            this(status, version, value, null);
        }

        Reply withServedBy(String node) {
            return new Reply(status, version, value, node);
        }
    }

    static byte[] put(String key, byte[] value) {
        return encode(PUT, key, value, 0, null);
    }

    static byte[] delete(String key) {
        return encode(DELETE, key, null, 0, null);
    }

    static byte[] casVersion(String key, long expectedVersion, byte[] value) {
        return encode(CAS_VERSION, key, value, expectedVersion, null);
    }

    static byte[] casValue(String key, byte[] expectedValue, byte[] value) {
        return encode(CAS_VALUE, key, value, 0, expectedValue);
    }

    static byte[] get(String key) {
        return encode(GET, key, null, 0, null);
    }

    private static byte[] encode(byte op, String key, byte[] value, long expectedVersion, byte[] expectedValue) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        int size = 1 + 4 + k.length;
        switch (op) {
            case PUT -> size += 4 + value.length;
            case CAS_VERSION -> size += 8 + 4 + value.length;
            case CAS_VALUE -> size += 4 + expectedValue.length + 4 + value.length;
            default -> { }
        }
        ByteBuffer b = ByteBuffer.allocate(size).put(op).putInt(k.length).put(k);
        switch (op) {
            case PUT -> b.putInt(value.length).put(value);
            case CAS_VERSION -> b.putLong(expectedVersion).putInt(value.length).put(value);
            case CAS_VALUE -> b.putInt(expectedValue.length).put(expectedValue).putInt(value.length).put(value);
            default -> { }
        }
        return b.array();
    }

    static byte[] batch(List<byte[]> commands) {
        int size = 1 + 4;
        for (byte[] c : commands) {
            size += 4 + c.length;
        }
        ByteBuffer b = ByteBuffer.allocate(size).put(BATCH).putInt(commands.size());
        commands.forEach(c -> b.putInt(c.length).put(c));
        return b.array();
    }

    /** Whether {@code b} (not consumed) holds a batch rather than a single command. */
    static boolean isBatch(ByteBuffer b) {
        return b.remaining() > 0 && b.get(b.position()) == BATCH;
    }

    /** The commands of a batch, each a buffer of its own. */
    static List<ByteBuffer> decodeBatch(ByteBuffer b) {
        if (b.get() != BATCH) {
            throw new IllegalArgumentException("not a batch");
        }
        return slices(b);
    }

    static byte[] batchReply(List<byte[]> replies) {
        int size = 4;
        for (byte[] r : replies) {
            size += 4 + r.length;
        }
        ByteBuffer b = ByteBuffer.allocate(size).putInt(replies.size());
        replies.forEach(r -> b.putInt(r.length).put(r));
        return b.array();
    }

    static List<Reply> decodeBatchReply(ByteBuffer b) {
        List<Reply> replies = new ArrayList<>();
        for (ByteBuffer r : slices(b)) {
            replies.add(decodeReply(r));
        }
        return replies;
    }

    private static List<ByteBuffer> slices(ByteBuffer b) {
        int count = b.getInt();
        if (count < 0 || count > b.remaining() / 4) {
            throw new IllegalArgumentException("bad count " + count + " in kv batch");
        }
        List<ByteBuffer> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(ByteBuffer.wrap(bytes(b)));
        }
        return out;
    }

    static Command decode(ByteBuffer b) {
        byte op = b.get();
        String key = new String(bytes(b), StandardCharsets.UTF_8);
        return switch (op) {
            case PUT -> new Command(op, key, bytes(b), 0, null);
            case DELETE, GET -> new Command(op, key, null, 0, null);
            case CAS_VERSION -> {
                long v = b.getLong();
                yield new Command(op, key, bytes(b), v, null);
            }
            case CAS_VALUE -> {
                byte[] expected = bytes(b);
                yield new Command(op, key, bytes(b), 0, expected);
            }
            default -> throw new IllegalArgumentException("unknown kv command " + op);
        };
    }

    static byte[] reply(byte status, long version, byte[] value) {
        int len = value == null ? 0 : value.length;
        ByteBuffer b = ByteBuffer.allocate(1 + 8 + 4 + len).put(status).putLong(version).putInt(value == null ? -1 : len);
        if (value != null) {
            b.put(value);
        }
        return b.array();
    }

    static Reply decodeReply(ByteBuffer b) {
        byte status = b.get();
        long version = b.getLong();
        int len = b.getInt();
        byte[] value = null;
        if (len >= 0) {
            value = new byte[len];
            b.get(value);
        }
        return new Reply(status, version, value);
    }

    private static byte[] bytes(ByteBuffer b) {
        int len = b.getInt();
        if (len < 0 || len > b.remaining()) {
            throw new IllegalArgumentException("bad length " + len + " in kv command");
        }
        byte[] out = new byte[len];
        b.get(out);
        return out;
    }

    static byte[] versionBytes(long version) {
        return ByteBuffer.allocate(8).putLong(version).array();
    }
}
