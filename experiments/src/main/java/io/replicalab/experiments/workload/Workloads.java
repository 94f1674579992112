package io.replicalab.experiments.workload;

/** Builds the workload a spec names, one {@link WorkloadClient} per logical client. */
public final class Workloads {
    private Workloads() {
    }

    public static WorkloadClient client(WorkloadParams params) {
        return switch (params.section().type()) {
            case "register" -> new RegisterWorkload(params);
            case "kv" -> new KvWorkload(params);
            case "cart" -> ReadModifyWrite.cart(params);
            case "list-append" -> ReadModifyWrite.listAppend(params);
            default -> throw new IllegalArgumentException("unknown workload '" + params.section().type() + "'");
        };
    }

    /** The key of index {@code k} in workload {@code type} (readable in histories: {@code cart-3}). */
    public static String key(String type, int k) {
        return type + "-" + k;
    }
}
