package io.replicalab.experiments.checker;

import io.replicalab.experiments.history.History;
import io.replicalab.experiments.history.Operation;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/** The workloads of run-layout.md, with the operation names each uses for writes and reads. */
public enum Workload {
    REGISTER("register", Set.of("write", "cas"), "read"),
    KV("kv", Set.of("put", "delete"), "get"),
    CART("cart", Set.of("add"), "read"),
    LIST_APPEND("list-append", Set.of("append"), "read");

    private final String specName;
    private final Set<String> writes;
    private final String read;

    Workload(String specName, Set<String> writes, String read) {
        this.specName = specName;
        this.writes = writes;
        this.read = read;
    }

    public String specName() {
        return specName;
    }

    public boolean isWrite(String f) {
        return writes.contains(f);
    }

    public boolean isRead(String f) {
        return read.equals(f);
    }

    /** Cart and list-append keep every write (set semantics); register and kv keep the last one. */
    public boolean accumulates() {
        return this == CART || this == LIST_APPEND;
    }

    public static Optional<Workload> named(String name) {
        return Arrays.stream(values()).filter(w -> w.specName.equals(name)).findFirst();
    }

    /** Guesses the workload of a bare history from the operation names its writes use. */
    public static Optional<Workload> infer(History history) {
        for (Operation op : history.operations()) {
            String f = op.invoke().f();
            for (Workload w : values()) {
                if (w.isWrite(f) || (w == KV && f.equals("get"))) {
                    return Optional.of(w);
                }
            }
        }
        return Optional.empty();
    }
}
