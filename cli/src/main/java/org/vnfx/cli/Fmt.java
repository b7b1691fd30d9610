package org.vnfx.cli;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.vnfx.ledger.economics.ErrorType;
import org.vnfx.ledger.economics.ReputationModel;

/** Number and table formatting shared by the commands. */
final class Fmt {
    private Fmt() {}

    static String gas(long gas) {
        return String.format(Locale.ROOT, "%,d", gas);
    }

    /** Wei as ether, trailing zeros dropped. */
    static String ether(BigInteger wei) {
        BigDecimal eth = new BigDecimal(wei).movePointLeft(18).stripTrailingZeros();
        return (eth.signum() == 0 ? "0" : eth.toPlainString()) + " ETH";
    }

    static String gwei(BigInteger wei) {
        BigDecimal g = new BigDecimal(wei).movePointLeft(9).setScale(3, RoundingMode.HALF_UP);
        return g.toPlainString() + " gwei";
    }

    /** A WAD fixed-point reputation as a decimal in (0, 1]. */
    static String reputation(BigInteger wad) {
        return new BigDecimal(wad).divide(new BigDecimal(ReputationModel.WAD)).setScale(4, RoundingMode.HALF_UP).toPlainString();
    }

    /** Error counts by name, only the non-zero ones: "none" or "RULE_FAILURE 3, MEMCAP_HIT 12". */
    static String errorCounts(long[] counts) {
        StringBuilder b = new StringBuilder();
        for (ErrorType t : ErrorType.values()) {
            if (t.ordinal() < counts.length && counts[t.ordinal()] != 0) b.append(b.isEmpty() ? "" : ", ").append(t.name()).append(' ').append(counts[t.ordinal()]);
        }
        return b.isEmpty() ? "none" : b.toString();
    }

    static String hex(byte[] b) {
        return "0x" + HexFormat.of().formatHex(b);
    }

    /** First four bytes of a digest: enough to tell offers apart on screen. */
    static String shortHex(byte[] b) {
        return "0x" + HexFormat.of().formatHex(b, 0, Math.min(4, b.length)) + "…";
    }

    static String time(BigInteger epochSeconds) {
        return epochSeconds.signum() == 0 ? "-" : Instant.ofEpochSecond(epochSeconds.longValueExact()).toString();
    }

    static String ratio(double r) {
        return String.format(Locale.ROOT, "%.3f", r);
    }

    /** A plain text table: columns padded to their widest cell; numeric-looking cells right-aligned. */
    static final class Table {
        private final List<String[]> rows = new ArrayList<>();
        private final String[] header;

        Table(String... header) {
            this.header = header;
        }

        Table row(Object... cells) {
            String[] r = new String[header.length];
            for (int i = 0; i < r.length; i++) r[i] = i < cells.length && cells[i] != null ? cells[i].toString() : "";
            rows.add(r);
            return this;
        }

        boolean isEmpty() {
            return rows.isEmpty();
        }

        List<String> lines(String indent) {
            int[] w = new int[header.length];
            for (int i = 0; i < w.length; i++) w[i] = header[i].length();
            for (String[] r : rows) for (int i = 0; i < w.length; i++) w[i] = Math.max(w[i], r[i].length());
            boolean[] right = new boolean[header.length];
            for (int i = 0; i < w.length; i++) {
                int col = i;
                right[i] = !rows.isEmpty() && rows.stream().allMatch(r -> r[col].isEmpty() || r[col].matches("[-+]?[0-9][0-9,.]*( [a-zA-Z/%]+)?"));
            }
            List<String> out = new ArrayList<>();
            out.add(indent + line(header, w, right).stripTrailing());
            for (String[] r : rows) out.add(indent + line(r, w, right).stripTrailing());
            return out;
        }

        private static String line(String[] cells, int[] w, boolean[] right) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < cells.length; i++) {
                if (i > 0) sb.append("  ");
                String c = cells[i];
                String pad = " ".repeat(w[i] - c.length());
                sb.append(right[i] ? pad + c : c + pad);
            }
            return sb.toString();
        }

        void print(java.io.PrintWriter out, String indent) {
            lines(indent).forEach(out::println);
        }
    }
}
