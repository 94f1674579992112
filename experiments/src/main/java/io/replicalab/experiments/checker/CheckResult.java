package io.replicalab.experiments.checker;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One checker's outcome as it goes into {@code results.json}.
 *
 * @param name the checker ({@code linearizability}, {@code lost-writes}, ...)
 * @param verdict valid, invalid or unknown
 * @param summary one line for the terminal and the report's verdict table
 * @param numbers the measured figures, in a stable order (values are numbers, strings, booleans or
 *     small lists/maps of them)
 * @param examples a few readable instances of what made the verdict (counterexamples, lost writes)
 */
public record CheckResult(String name, Verdict verdict, String summary, Map<String, Object> numbers,
                          List<String> examples) {
    public CheckResult {
        numbers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(numbers));
        examples = List.copyOf(examples);
    }

    /** How many examples a checker keeps: enough to understand the failure, few enough to read. */
    public static final int MAX_EXAMPLES = 10;
}
