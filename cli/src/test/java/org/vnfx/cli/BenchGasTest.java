package org.vnfx.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vnfx.ledger.bench.GasReport;

/** `vnfx bench gas` on its own fresh chain: its printed totals are the sums of its printed rows. */
class BenchGasTest {
    @TempDir
    Path dir;

    private static final Pattern NUMBER = Pattern.compile("(\\d{1,3}(?:,\\d{3})*)");

    private static long parse(String s) {
        return Long.parseLong(s.replace(",", ""));
    }

    /** The numbers on a line, in order. */
    private static List<Long> numbers(String line) {
        List<Long> out = new ArrayList<>();
        Matcher m = NUMBER.matcher(line);
        while (m.find()) out.add(parse(m.group(1)));
        return out;
    }

    /** The lines of the table that follows the line starting with {@code title}, up to a blank line or the next title. */
    private static List<String> block(List<String> lines, String title) {
        int start = -1;
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).startsWith(title)) start = i;
        assertTrue(start >= 0, "no section " + title);
        List<String> out = new ArrayList<>();
        for (int i = start + 1; i < lines.size() && lines.get(i).startsWith("  "); i++) out.add(lines.get(i));
        return out;
    }

    @Test
    void printedTotalsAreTheSumsOfTheRows() throws Exception {
        Path md = dir.resolve("BENCHMARKS.md");
        Cli.Run r = new Cli(dir.resolve("data")).run("bench", "gas", "--markdown", md.toString()).ok();
        List<String> lines = r.out().lines().toList();

        // deployment: left column is vnfx, right column the paper
        List<String> dep = block(lines, "Suite deployment");
        String total = dep.stream().filter(l -> l.strip().startsWith("total")).findFirst().orElseThrow();
        int paperColumn = findColumn(dep.get(0), "B-VNF CONTRACT");
        long vnfx = 0;
        long paper = 0;
        for (String l : dep.subList(1, dep.size())) {
            if (l.strip().startsWith("total") || l.strip().startsWith("ratio")) continue;
            String left = l.substring(0, Math.min(paperColumn, l.length()));
            String right = l.length() > paperColumn ? l.substring(paperColumn) : "";
            for (long n : numbers(left)) vnfx += n;
            for (long n : numbers(right)) paper += n;
        }
        List<Long> totals = numbers(total);
        assertEquals(List.of(vnfx, paper), totals, total);
        assertEquals(GasReport.PAPER_DEPLOYMENT_TOTAL, paper);
        String ratio = lines.stream().filter(l -> l.contains("ratio vnfx/paper")).findFirst().orElseThrow();
        assertEquals(String.format(java.util.Locale.ROOT, "%.3f", (double) vnfx / paper), ratio.substring(ratio.lastIndexOf(' ') + 1));

        // sessions: each total is the sum of its steps, and the steps are operations printed above
        java.util.Map<String, Long> ops = new java.util.LinkedHashMap<>();
        for (String o : block(lines, "Operations").subList(1, block(lines, "Operations").size())) ops.put(name(o), last(o));
        for (String title : List.of("One VNF session, paid", "One VNF session, payment deferred")) {
            List<String> steps = block(lines, title);
            long sum = 0;
            int rows = 0;
            for (String s : steps.subList(1, steps.size())) {
                if (s.strip().startsWith("session total")) {
                    assertEquals(sum, last(s), title + ": " + s);
                    continue;
                }
                rows++;
                sum += last(s);
                assertEquals(ops.get(name(s)), last(s), name(s) + " differs from the operations table");
            }
            assertTrue(rows >= 4, title);
        }
        for (String step : List.of("Offers.advertise", "Orchestration.request", "Orchestration.grant", "Orchestration.reportInstantiation",
                "Orchestration.reportUninstall (pays)", "Orchestration.settle", "Settlement.withdraw", "Settlement.deposit (top-up)",
                "Licences.setTerms", "Licences.buy", "Licences.instantiate (trial activation)", "Licences.terminate (trial)")) {
            assertTrue(ops.containsKey(step), step + " missing from " + ops.keySet());
        }

        // targets: four PASS/FAIL lines
        long verdicts = lines.stream().filter(l -> l.startsWith("  PASS  ") || l.startsWith("  FAIL  ")).count();
        assertEquals(4, verdicts, r.out());
        assertTrue(r.out().contains("suite deployment: ") && r.out().contains("publish one offer (advertise): ")
                && r.out().contains("buy a licence (Licences.buy: new licence, provider already owed): "), r.out());

        String markdown = Files.readString(md);
        assertTrue(markdown.startsWith("## Gas (`vnfx bench gas`)"), markdown);
        assertTrue(markdown.contains("| **total** | **" + Fmt.gas(vnfx) + "** | **total** | **8,902,828** |"), markdown);
    }

    /** A table row's label: everything before its last number. */
    private static String name(String row) {
        return row.strip().replaceAll("\\s+[\\d,]+$", "");
    }

    private static long last(String row) {
        List<Long> n = numbers(row);
        return n.get(n.size() - 1);
    }

    private static int findColumn(String header, String column) {
        int i = header.indexOf(column);
        assertTrue(i >= 0, header);
        return i;
    }
}
