package io.replicalab.node.rpc;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The message types a node speaks: a stable numeric type id and a codec per Java type. Both ends of
 * a link must use registries with the same ids. Ids below {@link #FIRST_USER_TYPE_ID} are reserved
 * for the RPC layer's own messages.
 */
public final class MessageRegistry {
    public static final int FIRST_USER_TYPE_ID = 16;

    private final Map<Class<?>, Registration<?>> byClass = new ConcurrentHashMap<>();
    private final Map<Integer, Registration<?>> byId = new ConcurrentHashMap<>();

    record Registration<T>(int typeId, Class<T> type, MessageCodec<T> codec) {
    }

    private MessageRegistry() {
    }

    /** A registry holding only the built-in messages ({@link Ping}). */
    public static MessageRegistry withBuiltins() {
        MessageRegistry r = new MessageRegistry();
        r.add(Ping.TYPE_ID, Ping.class, Ping.CODEC);
        return r;
    }

    /** Registers a backend message; ids must be {@code >= 16} and unique, each class once. */
    public <T> MessageRegistry register(int typeId, Class<T> type, MessageCodec<T> codec) {
        if (typeId < FIRST_USER_TYPE_ID) {
            throw new IllegalArgumentException("message type id " + typeId + " for " + type.getSimpleName()
                    + " is reserved: use ids >= " + FIRST_USER_TYPE_ID);
        }
        add(typeId, type, codec);
        return this;
    }

    private synchronized <T> void add(int typeId, Class<T> type, MessageCodec<T> codec) {
        Registration<?> clash = byId.get(typeId);
        if (clash != null) {
            throw new IllegalArgumentException("message type id " + typeId + " is already used by "
                    + clash.type().getSimpleName() + ", cannot register " + type.getSimpleName());
        }
        if (byClass.containsKey(type)) {
            throw new IllegalArgumentException(type.getSimpleName() + " is already registered");
        }
        Registration<T> reg = new Registration<>(typeId, type, codec);
        byClass.put(type, reg);
        byId.put(typeId, reg);
    }

    @SuppressWarnings("unchecked")
    <T> Registration<T> forClass(Class<T> type) {
        Registration<T> reg = (Registration<T>) byClass.get(type);
        if (reg == null) {
            throw new IllegalArgumentException(type.getName() + " is not a registered message type");
        }
        return reg;
    }

    /** The registration for a type id read off the wire, or null when unknown. */
    Registration<?> forId(int typeId) {
        return byId.get(typeId);
    }

    public boolean isRegistered(Class<?> type) {
        return byClass.containsKey(type);
    }
}
