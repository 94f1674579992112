package io.replicalab.node.rpc;

/**
 * One decoded frame. On the wire a frame is
 * {@code [length:int32][kind:byte][request id:varlong]} followed by, per kind:
 * <ul>
 *   <li>REQUEST: {@code [sender id:string][type id:varint][body]}</li>
 *   <li>RESPONSE: {@code [type id:varint][body]}</li>
 *   <li>ERROR: {@code [code:varint][message:string]}</li>
 * </ul>
 * The sender id lets the receiving node apply the fault of the directed link it came over.
 */
sealed interface Frame {
    byte REQUEST = 1;
    byte RESPONSE = 2;
    byte ERROR = 3;

    long id();

    record Request(long id, String from, Object message) implements Frame {
    }

    record Response(long id, Object message) implements Frame {
    }

    record Error(long id, ErrorCode code, String message) implements Frame {
    }

    /** Header readable, body not (unknown type id, bad body): answerable, unlike a garbled header. */
    record Malformed(long id, byte kind, String from, String reason) implements Frame {
    }
}
