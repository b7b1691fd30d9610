package org.vnfx.catalogue.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark runs end to end on a small catalogue and prints every row (timings are not asserted). */
class CatalogueSearchBenchTest {
    private static final int DESCRIPTORS = 2_000;

    @TempDir
    Path tmp;

    @Test
    void printsEveryQueryKindAndReusesTheLoadedCatalogue() {
        Path dir = tmp.resolve("bench");
        String first = run(dir);
        assertTrue(first.contains("2,000 packages"), first);
        assertTrue(first.contains("bulk-loaded"), first);
        for (String kind : List.of("baseline (digest)", "metadata exact", "requirement ranges", "full text", "combined", "browse (newest)",
                "deep page (offset 5000)")) {
            String row = first.lines().filter(l -> l.startsWith(kind)).findFirst().orElseThrow(() -> new AssertionError(kind + " missing:\n" + first));
            String[] cells = row.substring(kind.length()).trim().split("\\s+");
            assertEquals(Integer.toString(CatalogueSearchBench.TIMED_QUERIES), cells[0], row);
            for (int i = 1; i <= 4; i++) assertTrue(Double.parseDouble(cells[i]) >= 0, row);
            assertTrue(cells[5].equals("met") || cells[5].equals("MISSED"), row);
        }
        String second = run(dir);
        assertTrue(second.contains("load: reused") && second.contains("bulk-loaded (COPY) in"), second);
    }

    @Test
    void theSyntheticCatalogueIsDeterministic() {
        StringBuilder a = new StringBuilder();
        StringBuilder b = new StringBuilder();
        new SyntheticCatalogue(7, 50).generate(i -> a.append(i).append('\n'));
        new SyntheticCatalogue(7, 50).generate(i -> b.append(i).append('\n'));
        assertEquals(a.toString(), b.toString());
        assertEquals(200, new SyntheticCatalogue(7, 1).providers().size());
    }

    private static String run(Path dir) {
        StringWriter s = new StringWriter();
        CatalogueSearchBench.run(new PrintWriter(s, true), dir, DESCRIPTORS);
        return s.toString();
    }
}
