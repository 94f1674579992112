package io.replicalab.experiments.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.replicalab.api.config.ConfigException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One expected outcome of a scenario variant, written against results.json:
 * {@code check: lost-writes.lost, is: "> 0"}. The path is a checker name then a key of its {@code numbers}
 * (nested keys joined with dots, e.g. {@code performance.latency.write.p99Ms}) or {@code verdict}; the
 * condition is a comparison ({@code ==, !=, <, <=, >, >=}) with a number, or with a word for verdicts and
 * booleans ({@code == valid}, {@code != invalid}, {@code == true}).
 *
 * @param why the seed's reason for expecting this, printed next to the measured value
 */
public record Expectation(String check, String is, String why) {
    private static final Pattern CONDITION = Pattern.compile("(==|!=|<=|>=|<|>)\\s*(\\S+)");

    public Expectation {
        if (check == null || !check.contains(".")) {
            throw new ConfigException("expect.check: '" + check + "' must be CHECKER.NUMBER or CHECKER.verdict, e.g. lost-writes.lost");
        }
        if (is == null || !CONDITION.matcher(is.trim()).matches()) {
            throw new ConfigException("expect.is: '" + is + "' for " + check + " must be an operator (==, !=, <, <=, >, >=) "
                    + "and a value, e.g. \"> 0\" or \"== valid\"");
        }
        is = is.trim();
        why = why == null ? "" : why.trim();
    }

    /** What one expectation met in one results.json. */
    public record Outcome(Expectation expectation, String measured, Status status) {
    }

    /** {@code MET}, {@code NOT_MET}, or {@code UNMEASURED} (the checker was skipped or the number is absent). */
    public enum Status {
        MET, NOT_MET, UNMEASURED;

        public String word() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    public String checker() {
        return check.substring(0, check.indexOf('.'));
    }

    /** The value at {@link #check} in a results.json tree, or a missing node. */
    public static JsonNode lookup(JsonNode results, String path) {
        int dot = path.indexOf('.');
        String checker = path.substring(0, dot);
        for (JsonNode c : results.path("checkers")) {
            if (c.path("name").asText().equals(checker)) {
                String rest = path.substring(dot + 1);
                if (rest.equals("verdict")) {
                    return c.path("verdict");
                }
                JsonNode node = c.path("numbers");
                for (String part : rest.split("\\.")) {
                    node = node.path(part);
                }
                return node;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    public Outcome evaluate(JsonNode results) {
        JsonNode value = lookup(results, check);
        if (value.isMissingNode() || value.isNull() || value.isContainerNode()) {
            return new Outcome(this, "not measured", Status.UNMEASURED);
        }
        Matcher m = CONDITION.matcher(is);
        m.matches();
        String op = m.group(1);
        String expected = m.group(2);
        String measured = value.isNumber() ? Numbers.format(value.asDouble()) : value.asText();
        boolean met;
        if (value.isNumber()) {
            double actual = value.asDouble();
            double want;
            try {
                want = Double.parseDouble(expected);
            } catch (NumberFormatException e) {
                throw new ConfigException("expect.is: '" + is + "' compares the number " + check + " with a word: write a number");
            }
            met = switch (op) {
                case "==" -> actual == want;
                case "!=" -> actual != want;
                case "<" -> actual < want;
                case "<=" -> actual <= want;
                case ">" -> actual > want;
                default -> actual >= want;
            };
        } else {
            boolean equal = value.asText().equalsIgnoreCase(expected);
            met = switch (op) {
                case "==" -> equal;
                case "!=" -> !equal;
                default -> throw new ConfigException("expect.is: '" + is + "' orders the word " + check
                        + ": use == or != for verdicts and booleans");
            };
        }
        return new Outcome(this, measured, met ? Status.MET : Status.NOT_MET);
    }
}
