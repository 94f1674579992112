package io.replicalab.experiments.report;

import io.replicalab.experiments.checker.ApplyOrderChecker;
import io.replicalab.experiments.checker.AvailabilityChecker;
import io.replicalab.experiments.checker.ListAppendOrderChecker;
import io.replicalab.experiments.checker.CheckResult;
import io.replicalab.experiments.checker.Checkers;
import io.replicalab.experiments.checker.FaultWindow;
import io.replicalab.experiments.checker.LinearizabilityChecker;
import io.replicalab.experiments.checker.LostWritesChecker;
import io.replicalab.experiments.checker.PerformanceChecker;
import io.replicalab.experiments.checker.StaleReadsChecker;
import io.replicalab.experiments.checker.Timeline;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Several runs of one workload and fault schedule side by side: one column per run, named by its label
 * ({@link RunLabels}); a run that could not be checked keeps its column, which says it failed and why.
 */
final class ComparisonReport {
    /** A key figure: which checker, which number, how it is labelled. */
    private record Figure(String label, String checker, String number) {
    }

    private static final List<Figure> FIGURES = List.of(
            new Figure("keys not linearizable", LinearizabilityChecker.NAME, "keysNotLinearizable"),
            new Figure("acknowledged writes lost", LostWritesChecker.NAME, "lost"),
            new Figure("acknowledged writes", LostWritesChecker.NAME, "acknowledgedWrites"),
            new Figure("stale reads", StaleReadsChecker.NAME, "stale"),
            new Figure("list reads not a prefix of one order", ListAppendOrderChecker.NAME, "readsNotAPrefix"),
            new Figure("keys applied in divergent orders", ApplyOrderChecker.NAME, "keysWithDivergentOrder"),
            new Figure("longest write gap (ms)", AvailabilityChecker.NAME, "longestWriteGapMs"),
            new Figure("worst failover (ms)", AvailabilityChecker.NAME, "worstFailoverMs"),
            new Figure("throughput (ok ops/s)", PerformanceChecker.NAME, "throughputPerS"));

    private ComparisonReport() {
    }

    private static Set<String> checkerNames() {
        Set<String> names = new LinkedHashSet<>();
        Checkers.all().forEach(c -> names.add(c.name()));
        return names;
    }

    private static Optional<CheckResult> result(Reports.Compared c, String name) {
        return c.results().result(name);
    }

    private static void htmlFailed(StringBuilder b, List<Reports.Failed> failed, boolean withReason) {
        failed.forEach(f -> b.append(withReason ? "<td class=\"invalid\"><b>failed</b> " + Html.esc(f.reason()) + "</td>" : "<td>-</td>"));
    }

    private static String figure(Reports.Compared c, Figure f) {
        return result(c, f.checker()).map(r -> r.numbers().get(f.number())).map(ComparisonReport::format).orElse("-");
    }

    private static String format(Object v) {
        if (v instanceof Double d) {
            return String.format(java.util.Locale.ROOT, "%.1f", d);
        }
        return String.valueOf(v);
    }

    private static String p99(Reports.Compared c) {
        return result(c, PerformanceChecker.NAME).map(r -> r.numbers().get("latency"))
                .filter(Map.class::isInstance).map(m -> {
                    StringBuilder sb = new StringBuilder();
                    ((Map<?, ?>) m).forEach((f, l) -> sb.append(sb.length() == 0 ? "" : ", ").append(f).append(' ')
                            .append(format(((Map<?, ?>) l).get("p99Ms"))));
                    return sb.toString();
                }).orElse("-");
    }

    static String markdown(Reports.ComparedRuns compared) {
        List<Reports.Compared> runs = compared.runs();
        List<Reports.Failed> failed = compared.failed();
        StringBuilder b = new StringBuilder("| checker |");
        runs.forEach(c -> b.append(' ').append(c.label()).append(" |"));
        failed.forEach(f -> b.append(' ').append(f.label()).append(" |"));
        b.append("\n|---|").append("---|".repeat(runs.size() + failed.size())).append('\n');
        boolean first = true;
        for (String name : checkerNames()) {
            b.append("| ").append(name).append(" |");
            for (Reports.Compared c : runs) {
                b.append(' ').append(result(c, name).map(r -> r.verdict().jsonName() + ": " + r.summary())
                        .orElse("skipped")).append(" |");
            }
            appendFailed(b, failed, first);
            first = false;
            b.append('\n');
        }
        for (Figure f : FIGURES) {
            b.append("| ").append(f.label()).append(" |");
            runs.forEach(c -> b.append(' ').append(figure(c, f)).append(" |"));
            appendFailed(b, failed, false);
            b.append('\n');
        }
        b.append("| p99 latency (ms) |");
        runs.forEach(c -> b.append(' ').append(p99(c)).append(" |"));
        appendFailed(b, failed, false);
        b.append('\n');
        for (Reports.Failed f : failed) {
            b.append("\n**").append(f.label()).append("** failed: ").append(f.reason()).append('\n');
        }
        return b.toString();
    }

    /** The cells of the failed runs in one markdown row: the reason in the first row, then dashes. */
    private static void appendFailed(StringBuilder b, List<Reports.Failed> failed, boolean withReason) {
        failed.forEach(f -> b.append(' ').append(withReason ? "**failed**: " + f.reason().replace("|", "\\|") : "-").append(" |"));
    }

    /** Whole seconds before a run's first operation. */
    private static int skip(Reports.Compared c) {
        return c.run().history().operations().stream().findFirst()
                .map(op -> (int) (op.start() / 1_000_000_000L)).orElse(0);
    }

    private static double[] drop(double[] perSecond, int skip) {
        return java.util.Arrays.copyOfRange(perSecond, Math.min(skip, perSecond.length), perSecond.length);
    }

    static String html(Path compareDir, Reports.ComparedRuns compared) {
        List<Reports.Compared> runs = compared.runs();
        List<Reports.Failed> failed = compared.failed();
        StringBuilder b = new StringBuilder("<table><tr><th>checker</th>");
        runs.forEach(c -> b.append("<th>").append(Html.esc(c.label())).append("<br><small>")
                .append(Html.esc(c.results().run())).append("</small></th>"));
        failed.forEach(f -> b.append("<th>").append(Html.esc(f.label())).append("<br><small>failed</small></th>"));
        b.append("</tr>\n");
        boolean first = true;
        for (String name : checkerNames()) {
            b.append("<tr><td>").append(Html.esc(name)).append("</td>");
            for (Reports.Compared c : runs) {
                b.append(result(c, name).map(r -> Html.verdictCell(r.verdict(), r.summary()))
                        .orElse("<td class=\"skipped\">skipped: " + Html.esc(c.results().skipped().getOrDefault(name, "")) + "</td>"));
            }
            htmlFailed(b, failed, first);
            first = false;
            b.append("</tr>\n");
        }
        for (Figure f : FIGURES) {
            b.append("<tr><td>").append(Html.esc(f.label())).append("</td>");
            runs.forEach(c -> b.append("<td>").append(Html.esc(figure(c, f))).append("</td>"));
            htmlFailed(b, failed, false);
            b.append("</tr>\n");
        }
        b.append("<tr><td>p99 latency (ms)</td>");
        runs.forEach(c -> b.append("<td>").append(Html.esc(p99(c))).append("</td>"));
        htmlFailed(b, failed, false);
        b.append("</tr></table>\n");
        for (Reports.Failed f : failed) {
            b.append("<p class=\"invalid\"><b>").append(Html.esc(f.label())).append(" failed</b>: ").append(Html.esc(f.reason()))
                    .append(" (").append(Html.esc(f.dir().toString())).append(")</p>\n");
        }
        if (runs.isEmpty()) {
            return Html.page("ReplicaLab comparison " + compareDir.getFileName(), b.toString());
        }
        // Each run's history has its own origin (cluster start-up differs); line runs up on the whole second
        // of their first operation, which is where the harness starts the nemesis schedule's clock.
        List<FaultWindow> faults = FaultWindow.of(runs.get(0).run().history()).stream()
                .map(w -> w.shifted(-skip(runs.get(0)) * 1_000_000_000L)).toList();
        Map<String, double[]> throughput = Charts.series();
        Map<String, double[]> latency = Charts.series();
        Map<String, double[]> okShare = Charts.series();
        Map<String, double[]> anomalies = Charts.series();
        for (Reports.Compared c : runs) {
            int skip = skip(c);
            Timeline t = Timeline.of(c.run(), skip);
            throughput.put(c.label(), Charts.toDouble(t.ok()));
            latency.put(c.label(), t.p99Ms());
            okShare.put(c.label(), t.okShare());
            Charts.perSecond(c.results(), LostWritesChecker.NAME, "lostPerSecondOfAck")
                    .ifPresent(v -> anomalies.put(c.label() + " lost", drop(v, skip)));
            Charts.perSecond(c.results(), StaleReadsChecker.NAME, "stalePerSecondOfRead")
                    .ifPresent(v -> anomalies.put(c.label() + " stale", drop(v, skip)));
        }
        b.append("<p>Time is from each run's first operation (whole seconds); faults are shaded as in the first run (")
                .append(Html.esc(runs.get(0).label())).append("): every run follows the same schedule.</p>\n");
        if (!anomalies.isEmpty()) {
            b.append(Html.img("lost and stale", Charts.perSecondPng("Lost writes (by ack) and stale reads (by start) per second",
                    "per second", anomalies, faults)));
        }
        b.append(Html.img("throughput", Charts.perSecondPng("Acknowledged operations per second", "ops/s", throughput, faults)));
        b.append(Html.img("latency", Charts.perSecondPng("p99 latency of acknowledged operations", "ms", latency, faults)));
        b.append(Html.img("availability", Charts.perSecondPng("Share of completed operations acknowledged", "ok share",
                okShare, faults)));
        b.append("<h2>Runs</h2><ul>");
        for (Reports.Compared c : runs) {
            Path report = c.run().dir().resolve(Reports.REPORT_HTML);
            String link = compareDir.toAbsolutePath().normalize().relativize(report.toAbsolutePath().normalize()).toString();
            b.append("<li><a href=\"").append(Html.esc(link)).append("\">").append(Html.esc(c.label())).append(": ")
                    .append(Html.esc(c.results().run())).append("</a></li>");
        }
        b.append("</ul>\n");
        return Html.page("ReplicaLab comparison " + compareDir.getFileName(), b.toString());
    }
}
