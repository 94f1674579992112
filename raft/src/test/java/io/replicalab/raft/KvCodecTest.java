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
}
