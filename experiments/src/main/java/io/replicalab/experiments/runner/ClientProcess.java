package io.replicalab.experiments.runner;

import io.replicalab.api.KvClient;
import io.replicalab.api.Outcome;
import io.replicalab.experiments.history.EventType;
import io.replicalab.experiments.history.HistoryEvent;
import io.replicalab.experiments.history.HistoryWriter;
import io.replicalab.experiments.workload.Op;
import io.replicalab.experiments.workload.OpResult;
import io.replicalab.experiments.workload.WorkloadClient;
import java.util.Set;

/**
 * One logical client: runs one operation at a time and writes its invoke and completion to the history.
 * A failure is {@code fail} only when the backend says nothing was applied; anything else (timeout, lost
 * connection, unexpected error) is {@code info}. After an {@code info} the client continues as a new
 * process (Jepsen's convention: the old one may still have its operation in flight), numbered
 * {@code process + clients}.
 */
final class ClientProcess {
    private final WorkloadClient workload;
    private final KvClient client;
    private final HistoryWriter history;
    private final RunCounters counters;
    private final Set<String> keysTouched;
    private final int stride;
    private int process;

    ClientProcess(int process, int stride, WorkloadClient workload, KvClient client, HistoryWriter history,
                  RunCounters counters, Set<String> keysTouched) {
        this.process = process;
        this.stride = stride;
        this.workload = workload;
        this.client = client;
        this.history = history;
        this.counters = counters;
        this.keysTouched = keysTouched;
    }

    /** The process id this client currently writes under. */
    int process() {
        return process;
    }

    /** Generates, runs and records the next operation. */
    void step() {
        run(workload.next());
    }

    /** Runs and records {@code op}. */
    EventType run(Op op) {
        keysTouched.add(op.key());
        HistoryEvent invoke = history.invoke(process, op.f(), op.key(), op.value(), null);
        EventType outcome;
        try {
            OpResult r = workload.execute(client, op);
            history.complete(invoke, r.type(), r.value(), r.error(), r.node());
            outcome = r.type();
        } catch (RuntimeException e) {
            Throwable cause = Outcome.unwrap(e);
            outcome = Outcome.ofFailure(cause) == Outcome.FAIL ? EventType.FAIL : EventType.INFO;
            history.complete(invoke, outcome, null, cause.getClass().getSimpleName() + ": " + cause.getMessage());
            if (outcome == EventType.INFO) {
                process += stride;
            }
        }
        counters.count(outcome);
        return outcome;
    }
}
