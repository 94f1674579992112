package io.replicalab.experiments.report;

import io.replicalab.experiments.checker.CheckResult;
import io.replicalab.experiments.checker.Verdict;

/** The few HTML pieces the reports share: escaping, page frame, verdict cells, embedded images. */
final class Html {
    private Html() {
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + esc(title) + "</title><style>"
                + "body{font-family:sans-serif;margin:2em;max-width:1200px}table{border-collapse:collapse;margin:1em 0}"
                + "td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}"
                + ".valid{background:#dff5df}.invalid{background:#f8d7d3}.unknown{background:#fff3c4}.skipped{color:#888}"
                + "pre{background:#f6f6f6;padding:8px;overflow-x:auto}img{display:block;margin:1em 0}"
                + "</style></head><body>\n<h1>" + esc(title) + "</h1>\n" + body + "</body></html>\n";
    }

    static String verdictCell(Verdict v, String text) {
        return "<td class=\"" + v.jsonName() + "\"><b>" + v.jsonName() + "</b> " + esc(text) + "</td>";
    }

    static String img(String alt, String base64Png) {
        return "<img alt=\"" + esc(alt) + "\" src=\"data:image/png;base64," + base64Png + "\">\n";
    }

    static String examples(CheckResult c) {
        if (c.examples().isEmpty()) {
            return "";
        }
        return "<details><summary>" + esc(c.name()) + ": " + c.examples().size() + " example(s)</summary><pre>"
                + esc(String.join("\n\n", c.examples())) + "</pre></details>\n";
    }
}
