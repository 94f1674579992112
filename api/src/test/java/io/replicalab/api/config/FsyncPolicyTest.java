package io.replicalab.api.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FsyncPolicyTest {

    @Test
    void parsesTheThreePoliciesAndPrintsThemBack() {
        for (String text : new String[] {"always", "never", "batch(5ms)"}) {
            assertEquals(text, FsyncPolicy.parse(text).toString());
        }
        assertEquals(new FsyncPolicy.Batch(Duration.ofMillis(20)), FsyncPolicy.parse(" Batch(20) "));
    }

    @Test
    void onlyNeverAcknowledgesBeforeDisk() {
        assertTrue(FsyncPolicy.parse("always").ackMeansDurable());
        assertTrue(FsyncPolicy.parse("batch(2ms)").ackMeansDurable());
        assertFalse(FsyncPolicy.parse("never").ackMeansDurable());
    }

    @Test
    void rejectsUnknownAndZeroIntervals() {
        assertThrows(ConfigException.class, () -> FsyncPolicy.parse("batch(0ms)"));
        assertThrows(ConfigException.class, () -> FsyncPolicy.parse("batch(-1ms)"));
        assertThrows(ConfigException.class, () -> FsyncPolicy.parse(null));
    }
}
