package org.vnfx.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.vnfx.crypto.DurableFile;
import org.vnfx.ledger.economics.ReputationHistory;
import org.vnfx.ledger.economics.ReputationModel;

/**
 * Draws a {@link ReputationHistory} as the B-VNF paper's Fig. 4: x = session number, y = reputation 0..1,
 * one line with markers per offer, a legend naming each offer. SVG is written by hand and PNG with
 * java.awt (headless), both from one drawing routine ({@link #draw}) so the two formats show the same chart.
 */
public final class ReputationChart {
    private ReputationChart() {}

    /** The output format, chosen by the file name's extension. */
    public enum Format {
        SVG, PNG;

        public static Format of(Path file) {
            String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".svg")) return SVG;
            if (name.endsWith(".png")) return PNG;
            throw new IllegalArgumentException("cannot tell the chart format of '" + file + "': the file name must end in .svg or .png");
        }
    }

    // Layout, in pixels (SVG user units).
    static final int WIDTH = 960, LEFT = 72, RIGHT = 32, TOP = 88, PLOT_HEIGHT = 420, LEGEND_ROW = 22;
    static final int PLOT_WIDTH = WIDTH - LEFT - RIGHT;
    static final String FONT = "DejaVu Sans, Arial, Helvetica, sans-serif";
    /** Tableau 10: distinguishable, also in greyscale print. */
    static final int[] PALETTE = {0x4e79a7, 0xf28e2b, 0xe15759, 0x76b7b2, 0x59a14f, 0xedc948, 0xb07aa1, 0xff9da7, 0x9c755f, 0xbab0ac};
    static final int INK = 0x222222, GREY = 0x666666, GRID = 0xe3e3e3;

    /** Writes the chart to {@code out} (format by extension), atomically: a reader sees the old file or the new one. */
    public static void write(ReputationHistory history, Path out) throws IOException {
        Format format = Format.of(out);
        if (history.sessions() == 0) {
            throw new IllegalStateException("nothing to draw: no sessions yet (a reputation changes when a MEC node reports an uninstall)");
        }
        byte[] bytes = format == Format.SVG ? svg(history).getBytes(StandardCharsets.UTF_8) : png(history);
        Path target = out.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try {
            // Not DurableFile.write: that makes the file owner-only, and a chart is meant to be shared.
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            DurableFile.rename(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static String svg(ReputationHistory history) {
        Svg svg = new Svg(height(history));
        draw(history, svg);
        return svg.finish();
    }

    public static byte[] png(ReputationHistory history) throws IOException {
        // Before the first AWT class loads: no display is needed, nor looked for.
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, height(history), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            draw(history, new Awt(g, WIDTH, image.getHeight()));
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "png", bytes)) throw new IOException("no PNG writer in this Java runtime");
        return bytes.toByteArray();
    }

    static int height(ReputationHistory history) {
        return TOP + PLOT_HEIGHT + 64 + history.series().size() * LEGEND_ROW + 12;
    }

    /** The chart, once, for any canvas. */
    static void draw(ReputationHistory h, Canvas c) {
        int maxSession = Math.max(1, h.series().stream().mapToInt(ReputationHistory.Series::sessions).max().orElse(1));
        double bottom = TOP + PLOT_HEIGHT;

        c.text(LEFT, 30, "Reputation of each VNF over its sessions", 18, Anchor.START, INK, true);
        c.text(LEFT, 50, String.format(Locale.ROOT, "chain %d, blocks %d to %d: R after each settled session (equation 2); session 0 is the prior",
                h.chainId(), h.fromBlock(), h.toBlock()), 12, Anchor.START, GREY, false);

        // y: reputation 0..1, a gridline every 0.1, a label every 0.2
        for (int i = 0; i <= 10; i++) {
            double y = y(i / 10.0);
            c.line(LEFT, y, LEFT + PLOT_WIDTH, y, GRID, 1);
            if (i % 2 == 0) c.text(LEFT - 8, y + 4, String.format(Locale.ROOT, "%.1f", i / 10.0), 12, Anchor.END, INK, false);
        }
        c.text(LEFT - 8, TOP - 14, "reputation", 12, Anchor.START, INK, true);
        // x: sessions, integer ticks at a step that keeps about ten of them
        int step = niceStep(maxSession);
        for (int s = 0; s <= maxSession; s += step) {
            double x = x(s, maxSession);
            c.line(x, TOP, x, bottom, GRID, 1);
            c.line(x, bottom, x, bottom + 5, INK, 1);
            c.text(x, bottom + 20, Integer.toString(s), 12, Anchor.MIDDLE, INK, false);
        }
        c.text(LEFT + PLOT_WIDTH / 2.0, bottom + 42, "session", 12, Anchor.MIDDLE, INK, true);
        c.line(LEFT, TOP, LEFT, bottom, INK, 1.5);
        c.line(LEFT, bottom, LEFT + PLOT_WIDTH, bottom, INK, 1.5);

        for (int i = 0; i < h.series().size(); i++) {
            ReputationHistory.Series s = h.series().get(i);
            int color = PALETTE[i % PALETTE.length];
            List<ReputationHistory.Point> pts = s.points();
            double[] xs = new double[pts.size()], ys = new double[pts.size()];
            for (int k = 0; k < pts.size(); k++) {
                xs[k] = x(pts.get(k).session(), maxSession);
                ys[k] = y(value(pts.get(k).reputation()));
            }
            c.begin("series", s.packageDigest(), s.functionType(), s.sessions());
            c.polyline(xs, ys, color, 2);
            for (int k = 0; k < pts.size(); k++) c.marker(xs[k], ys[k], 3.5, color, tooltip(pts.get(k)));
            c.end();

            double ly = bottom + 64 + i * LEGEND_ROW;
            c.begin("legend", s.packageDigest(), s.functionType(), s.sessions());
            c.line(LEFT, ly - 4, LEFT + 28, ly - 4, color, 2);
            c.marker(LEFT + 14, ly - 4, 3.5, color, null);
            c.text(LEFT + 38, ly, label(s), 12, Anchor.START, INK, false);
            c.end();
        }
    }

    /** "echo · offer 0x1a2b3c4d… · provider 0x1234…abcd · 4 sessions, R = 0.8123" */
    static String label(ReputationHistory.Series s) {
        String p = s.provider();
        String provider = p.length() > 12 ? p.substring(0, 6) + "…" + p.substring(p.length() - 4) : p;
        return s.functionType() + " · offer " + s.packageDigest().substring(0, Math.min(10, s.packageDigest().length())) + "…"
                + " · provider " + provider + (s.operatorOwned() ? " (operator)" : "")
                + " · " + s.sessions() + (s.sessions() == 1 ? " session" : " sessions") + ", R = " + Fmt.reputation(s.last().reputation());
    }

    static String tooltip(ReputationHistory.Point p) {
        if (p.instantaneous() == null) return "prior " + Fmt.reputation(p.reputation()) + " (advertised in block " + p.block() + ")";
        return "session " + p.session() + ", deployment " + p.deploymentId() + ", block " + p.block() + ": R = " + Fmt.reputation(p.reputation())
                + " (R_i " + Fmt.reputation(p.instantaneous()) + ")";
    }

    /** 1, 2, 5, 10, 20, 50, ...: the smallest that keeps at most ten steps. */
    static int niceStep(int max) {
        for (int base = 1; ; base *= 10) {
            for (int m : new int[] {1, 2, 5}) {
                if ((long) max <= 10L * m * base) return m * base;
            }
        }
    }

    static double value(BigInteger wad) {
        return new BigDecimal(wad).divide(new BigDecimal(ReputationModel.WAD)).doubleValue();
    }

    static double x(int session, int maxSession) {
        return LEFT + PLOT_WIDTH * (double) session / maxSession;
    }

    static double y(double reputation) {
        return TOP + PLOT_HEIGHT * (1 - Math.max(0, Math.min(1, reputation)));
    }

    enum Anchor { START, MIDDLE, END }

    /** What {@link #draw} needs of a drawing surface. Colours are 0xRRGGBB. */
    interface Canvas {
        void line(double x1, double y1, double x2, double y2, int color, double width);

        void polyline(double[] xs, double[] ys, int color, double width);

        /** A filled circle; {@code tooltip} (may be null) is shown by SVG viewers on hover. */
        void marker(double x, double y, double r, int color, String tooltip);

        /** Text with its baseline at y. */
        void text(double x, double y, String text, double size, Anchor anchor, int color, boolean bold);

        /** Groups what follows until {@link #end} as one offer's part of the chart (SVG: a {@code <g>}). */
        void begin(String kind, String packageDigest, String functionType, int sessions);

        void end();
    }

    /** SVG 1.1 as text. Each offer's line is {@code <g class="series" data-offer=... data-sessions=...>}. */
    static final class Svg implements Canvas {
        private final StringBuilder sb = new StringBuilder();

        Svg(int height) {
            sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                    .append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"%s\">%n",
                            WIDTH, height, WIDTH, height, FONT))
                    .append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        }

        public void line(double x1, double y1, double x2, double y2, int color, double width) {
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%s\"/>%n",
                    x1, y1, x2, y2, hex(color), num(width)));
        }

        public void polyline(double[] xs, double[] ys, int color, double width) {
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < xs.length; i++) pts.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.1f,%.1f", xs[i], ys[i]));
            sb.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"%s\" stroke-linejoin=\"round\"/>%n",
                    pts, hex(color), num(width)));
        }

        public void marker(double x, double y, double r, int color, String tooltip) {
            sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%s\" fill=\"%s\" stroke=\"#ffffff\" stroke-width=\"1\"", x, y, num(r), hex(color)));
            sb.append(tooltip == null ? "/>\n" : "><title>" + escape(tooltip) + "</title></circle>\n");
        }

        public void text(double x, double y, String text, double size, Anchor anchor, int color, boolean bold) {
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%s\" fill=\"%s\"%s%s>%s</text>%n", x, y, num(size), hex(color),
                    anchor == Anchor.START ? "" : " text-anchor=\"" + anchor.name().toLowerCase(Locale.ROOT) + "\"",
                    bold ? " font-weight=\"bold\"" : "", escape(text)));
        }

        public void begin(String kind, String packageDigest, String functionType, int sessions) {
            sb.append("<g class=\"").append(escape(kind)).append("\" data-offer=\"").append(escape(packageDigest))
                    .append("\" data-function=\"").append(escape(functionType)).append("\" data-sessions=\"").append(sessions).append("\">\n");
        }

        public void end() {
            sb.append("</g>\n");
        }

        String finish() {
            return sb.append("</svg>\n").toString();
        }

        private static String hex(int rgb) {
            return String.format(Locale.ROOT, "#%06x", rgb);
        }

        private static String num(double v) {
            return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
        }

        static String escape(String s) {
            return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
        }
    }

    /** java.awt on an image, antialiased. */
    static final class Awt implements Canvas {
        private final Graphics2D g;

        Awt(Graphics2D g, int width, int height) {
            this.g = g;
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
        }

        public void line(double x1, double y1, double x2, double y2, int color, double width) {
            stroke(color, width);
            g.draw(new Line2D.Double(x1, y1, x2, y2));
        }

        public void polyline(double[] xs, double[] ys, int color, double width) {
            Path2D.Double path = new Path2D.Double();
            path.moveTo(xs[0], ys[0]);
            for (int i = 1; i < xs.length; i++) path.lineTo(xs[i], ys[i]);
            stroke(color, width);
            g.draw(path);
        }

        public void marker(double x, double y, double r, int color, String tooltip) {
            Ellipse2D.Double dot = new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r);
            g.setColor(new Color(color));
            g.fill(dot);
            stroke(0xffffff, 1);
            g.draw(dot);
        }

        public void text(double x, double y, String text, double size, Anchor anchor, int color, boolean bold) {
            g.setFont(new Font(Font.SANS_SERIF, bold ? Font.BOLD : Font.PLAIN, (int) Math.round(size)));
            int w = g.getFontMetrics().stringWidth(text);
            double left = switch (anchor) {
                case START -> x;
                case MIDDLE -> x - w / 2.0;
                case END -> x - w;
            };
            g.setColor(new Color(color));
            g.drawString(text, (float) left, (float) y);
        }

        public void begin(String kind, String packageDigest, String functionType, int sessions) {}

        public void end() {}

        private void stroke(int color, double width) {
            g.setColor(new Color(color));
            g.setStroke(new BasicStroke((float) width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        }
    }
}
