package io.replicalab.experiments.scenario;

import io.replicalab.api.config.ConfigException;

/**
 * The sentence of a seed document a scenario tests, quoted verbatim.
 *
 * @param file the seed document ({@code ../shared/seeds/<file>})
 * @param quote the sentence, word for word
 */
public record SeedClaim(String file, String quote) {
    public SeedClaim {
        if (file == null || file.isBlank() || quote == null || quote.isBlank()) {
            throw new ConfigException("seed: needs file and quote (the seed document and the sentence tested, verbatim)");
        }
        quote = quote.strip();
    }
}
