package io.replicalab.experiments.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.replicalab.experiments.checker.CheckResult;
import io.replicalab.experiments.checker.FaultWindow;
import io.replicalab.experiments.checker.LostWritesChecker;
import io.replicalab.experiments.checker.StaleReadsChecker;
import io.replicalab.experiments.checker.RunData;
import io.replicalab.experiments.checker.RunResults;
import io.replicalab.experiments.checker.Timeline;
import java.util.List;
import java.util.Map;

/** The HTML of one run: settings, verdict table, plots with fault windows shaded, examples. */
final class RunReport {
    private RunReport() {
    }

    static String html(RunData run, RunResults results) {
        StringBuilder b = new StringBuilder();
        b.append(settings(run));
        b.append("<h2>Verdicts: ").append(results.verdict().jsonName()).append("</h2>\n").append(verdictTable(results));
        List<FaultWindow> faults = FaultWindow.of(run.history());
        b.append(faultList(faults));
        b.append("<h2>Over time</h2>\n").append(plots(run, results, faults));
        b.append("<h2>Examples</h2>\n");
        results.checkers().forEach(c -> b.append(Html.examples(c)));
        return Html.page("ReplicaLab run " + results.run(), b.toString());
    }

    private static String settings(RunData run) {
        JsonNode info = run.runInfo();
        StringBuilder b = new StringBuilder("<table>");
        row(b, "backend", run.backend());
        row(b, "workload", run.workload().specName());
        for (String field : List.of("nodes", "fsync", "consistency", "cluster", "seed", "durationMs")) {
            if (info.has(field)) {
                row(b, field, info.get(field).isTextual() ? info.get(field).asText() : info.get(field).toString());
            }
        }
        row(b, "operations", String.valueOf(run.history().operations().size()));
        return b.append("</table>\n").toString();
    }

    private static void row(StringBuilder b, String k, String v) {
        b.append("<tr><th>").append(Html.esc(k)).append("</th><td>").append(Html.esc(v)).append("</td></tr>");
    }

    static String verdictTable(RunResults results) {
        StringBuilder b = new StringBuilder("<table><tr><th>checker</th><th>verdict</th></tr>\n");
        for (CheckResult c : results.checkers()) {
            b.append("<tr><td>").append(Html.esc(c.name())).append("</td>").append(Html.verdictCell(c.verdict(), c.summary()))
                    .append("</tr>\n");
        }
        new java.util.TreeMap<>(results.skipped()).forEach((name, why) -> b.append("<tr class=\"skipped\"><td>")
                .append(Html.esc(name)).append("</td><td>skipped: ").append(Html.esc(why)).append("</td></tr>\n"));
        return b.append("</table>\n").toString();
    }

    private static String faultList(List<FaultWindow> faults) {
        if (faults.isEmpty()) {
            return "<p>No faults were injected.</p>\n";
        }
        StringBuilder b = new StringBuilder("<p>Faults (shaded in the plots):</p><ul>");
        faults.forEach(f -> b.append("<li>").append(Html.esc(f.describe())).append("</li>"));
        return b.append("</ul>\n").toString();
    }

    private static String plots(RunData run, RunResults results, List<FaultWindow> faults) {
        Timeline t = Timeline.of(run);
        Map<String, double[]> throughput = Charts.series();
        throughput.put("ok", Charts.toDouble(t.ok()));
        throughput.put("fail", Charts.toDouble(t.fail()));
        throughput.put("info", Charts.toDouble(t.info()));
        Map<String, double[]> latency = Charts.series();
        latency.put("p50", t.p50Ms());
        latency.put("p99", t.p99Ms());
        Map<String, double[]> anomalies = Charts.series();
        Charts.perSecond(results, LostWritesChecker.NAME, "lostPerSecondOfAck").ifPresent(v -> anomalies.put("lost writes (by ack)", v));
        Charts.perSecond(results, StaleReadsChecker.NAME, "stalePerSecondOfRead").ifPresent(v -> anomalies.put("stale reads (by start)", v));
        String anomalyPlot = anomalies.isEmpty() ? ""
                : Html.img("lost and stale", Charts.perSecondPng("Lost writes and stale reads", "per second", anomalies, faults));
        return anomalyPlot + Html.img("throughput", Charts.perSecondPng("Operations completed per second", "ops/s", throughput, faults))
                + Html.img("latency", Charts.perSecondPng("Latency of acknowledged operations", "ms", latency, faults))
                + Html.img("availability", Charts.perSecondPng("Share of completed operations acknowledged", "ok share",
                        Map.of("ok share", t.okShare()), faults))
                + Html.img("writes", Charts.perSecondPng("Acknowledged writes per second", "writes/s",
                        Map.of("acknowledged writes", Charts.toDouble(t.okWrites())), faults));
    }
}
