package io.replicalab.raft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KvCodecTest {
    @Test
    void commandsAndRepliesRoundTrip() {
        byte[] v = "value".getBytes(StandardCharsets.UTF_8);
        KvCodec.Command put = KvCodec.decode(ByteBuffer.wrap(KvCodec.put("kéy", v)));
        assertEquals(KvCodec.PUT, put.op());
        assertEquals("kéy", put.key());
        assertArrayEquals(v, put.value());
        KvCodec.Command cas = KvCodec.decode(ByteBuffer.wrap(KvCodec.casVersion("k", 42, v)));
        assertEquals(42, cas.expectedVersion());
        assertArrayEquals(v, cas.value());
        KvCodec.Command casValue = KvCodec.decode(ByteBuffer.wrap(KvCodec.casValue("k", new byte[] {1}, v)));
        assertArrayEquals(new byte[] {1}, casValue.expectedValue());
        assertEquals(KvCodec.DELETE, KvCodec.decode(ByteBuffer.wrap(KvCodec.delete("k"))).op());
        assertEquals(KvCodec.GET, KvCodec.decode(ByteBuffer.wrap(KvCodec.get("k"))).op());

        KvCodec.Reply r = KvCodec.decodeReply(ByteBuffer.wrap(KvCodec.reply(KvCodec.OK, 7, v)));
        assertEquals(7, r.version());
        assertArrayEquals(v, r.value());
        assertNull(KvCodec.decodeReply(ByteBuffer.wrap(KvCodec.reply(KvCodec.ABSENT, 0, null))).value());
        assertEquals(0, KvCodec.decodeReply(ByteBuffer.wrap(KvCodec.reply(KvCodec.OK, 1, new byte[0]))).value().length);
    }

    @Test
    void batchesAndTheirRepliesRoundTrip() {
        byte[] put = KvCodec.put("a", new byte[] {1, 2});
        byte[] delete = KvCodec.delete("b");
        java.util.List<ByteBuffer> commands = KvCodec.decodeBatch(ByteBuffer.wrap(KvCodec.batch(java.util.List.of(put, delete))));
        assertEquals(2, commands.size());
        assertEquals("a", KvCodec.decode(commands.get(0)).key());
        assertEquals(KvCodec.DELETE, KvCodec.decode(commands.get(1)).op());
        assertEquals(true, KvCodec.isBatch(ByteBuffer.wrap(KvCodec.batch(java.util.List.of(put)))));
        assertEquals(false, KvCodec.isBatch(ByteBuffer.wrap(put)));

        java.util.List<KvCodec.Reply> replies = KvCodec.decodeBatchReply(ByteBuffer.wrap(KvCodec.batchReply(java.util.List.of(
                KvCodec.reply(KvCodec.OK, 5, null), KvCodec.reply(KvCodec.NOT_APPLIED, 3, null)))));
        assertEquals(5, replies.get(0).version());
        assertEquals(KvCodec.NOT_APPLIED, replies.get(1).status());
    }

    @Test
    void aTruncatedBatchIsRejectedBeforeAnyCommandIsRead() {
        byte[] batch = KvCodec.batch(java.util.List.of(KvCodec.put("a", new byte[10]), KvCodec.put("b", new byte[10])));
        byte[] truncated = java.util.Arrays.copyOf(batch, batch.length - 3);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> KvCodec.decodeBatch(ByteBuffer.wrap(truncated)));
    }
}
