package org.vnfx.packages.csar.rules;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits the manifest (SOL004 clause 4.3.2) into its parts and checks its grammar: {@code metadata:} first, its
 * {@code key: value} lines up to a blank line; {@code Source} / {@code Algorithm} / {@code Hash} blocks (a block
 * also ends at a blank line or the next {@code Source}); an optional {@code non_mano_artifact_sets:} block of
 * indented set names each with indented {@code Source:} lines; and, last, an optional CMS signature block from
 * {@code -----BEGIN CMS-----} to {@code -----END CMS-----}. LF or CRLF line ends; the structural keys are
 * case-insensitive. What the parts say is judged by the rules after this one.
 */
public final class ManifestSyntax implements Rule {
    public static final String ID = "manifest-syntax";
    static final String BEGIN_CMS = "-----BEGIN CMS-----";
    static final String END_CMS = "-----END CMS-----";
    private static final Pattern KEY_VALUE = Pattern.compile("([A-Za-z_][A-Za-z0-9_.-]*)[ \\t]*:[ \\t]*(.*)");

    private enum State { START, METADATA, BETWEEN, SOURCE, NON_MANO }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void check(CsarContext ctx) throws IOException {
        String file = ctx.manifestPath();
        if (file == null) return;
        byte[] bytes = ctx.read(ID, file);
        if (bytes == null) return;
        List<Lines.Line> lines;
        try {
            lines = Lines.of(bytes);
        } catch (Lines.NotUtf8 e) {
            ctx.error(ID, file, e.line, "not UTF-8 text");
            return;
        }
        if (lines.stream().allMatch(Lines.Line::isBlank)) {
            ctx.error(ID, file, 0, "empty; expected 'metadata:' and the package's metadata, then a Source/Algorithm/Hash block per file");
            return;
        }

        int cms = -1;
        for (int i = 0; i < lines.size(); i++) {
            String t = lines.get(i).text().strip();
            if (t.startsWith("-----BEGIN ")) {
                cms = i;
                if (!t.equals(BEGIN_CMS)) ctx.error(ID, file, lines.get(i).number(), "'" + t + "' starts the signature block; SOL004 expects '" + BEGIN_CMS + "'");
                break;
            }
        }
        byte[] signed = cms < 0 ? bytes : Arrays.copyOf(bytes, lines.get(cms).start());
        byte[] der = cms < 0 ? null : cmsBlock(ctx, file, lines, cms);
        Parser p = new Parser(ctx, file);
        for (Lines.Line line : cms < 0 ? lines : lines.subList(0, cms)) p.line(line);
        p.closeBlock();
        if (p.metadataLine == 0) {
            ctx.error(ID, file, 1, "no 'metadata:' block; a manifest starts with 'metadata:' and the package's metadata (e.g. vnf_provider_id)");
        }
        ctx.manifest(new ManifestFile(p.metadataLine, p.metadata, p.sources, p.sets, p.nonManoLine, signed, der,
                cms < 0 ? 0 : lines.get(cms).number()));
    }

    /** The DER inside the CMS block, or null after an error. */
    private static byte[] cmsBlock(CsarContext ctx, String file, List<Lines.Line> lines, int begin) {
        int end = -1;
        for (int i = begin + 1; i < lines.size(); i++) {
            if (lines.get(i).text().strip().startsWith("-----END ")) {
                end = i;
                break;
            }
        }
        int at = lines.get(begin).number();
        if (end < 0) {
            ctx.error(ID, file, at, "the signature block has no '" + END_CMS + "' line");
            return null;
        }
        for (int i = end + 1; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                ctx.error(ID, file, lines.get(i).number(), "text after the CMS signature block; the signature must end the manifest");
                return null;
            }
        }
        StringBuilder b64 = new StringBuilder();
        for (Lines.Line l : lines.subList(begin + 1, end)) b64.append(l.text().strip());
        try {
            byte[] der = Base64.getDecoder().decode(b64.toString());
            if (der.length == 0) throw new IllegalArgumentException("empty");
            return der;
        } catch (IllegalArgumentException e) {
            ctx.error(ID, file, at, "the signature block is not base64 (" + e.getMessage() + ")");
            return null;
        }
    }

    /** The state machine over the lines before the signature. */
    private static final class Parser {
        final CsarContext ctx;
        final String file;
        State state = State.START;
        int metadataLine;
        int nonManoLine;
        final List<ManifestFile.KeyLine> metadata = new ArrayList<>();
        final List<ManifestFile.SourceBlock> sources = new ArrayList<>();
        final Map<String, ManifestFile.ArtifactSet> sets = new LinkedHashMap<>();
        String setName;
        int setLine;
        List<ManifestFile.KeyLine> setSources;
        // the open Source block
        String source;
        int sourceLine;
        final Map<String, ManifestFile.KeyLine> block = new LinkedHashMap<>();

        Parser(CsarContext ctx, String file) {
            this.ctx = ctx;
            this.file = file;
        }

        void line(Lines.Line line) {
            String text = line.text();
            int n = line.number();
            if (line.isBlank()) {
                if (state == State.METADATA || state == State.SOURCE) {
                    closeBlock();
                    state = State.BETWEEN;
                }
                return;
            }
            boolean indented = Character.isWhitespace(text.charAt(0));
            String t = text.strip();
            Matcher m = KEY_VALUE.matcher(t);
            String key = m.matches() ? m.group(1).toLowerCase(Locale.ROOT) : null;
            if (state == State.START) {
                if ("metadata".equals(key) && m.group(2).isEmpty()) {
                    state = State.METADATA;
                    metadataLine = n;
                    return;
                }
                ctx.error(ID, file, n, "'" + t + "' before 'metadata:'; a manifest starts with 'metadata:' and the package's metadata");
                state = State.BETWEEN; // and read the line as what it is
            }
            if (state == State.NON_MANO) {
                if (indented) {
                    nonMano(t, m, key, n);
                    return;
                }
                closeSet();
                state = State.BETWEEN;
            }
            if (state == State.METADATA && (indented || !structural(key))) {
                if (key == null) {
                    ctx.error(ID, file, n, "'" + t + "' in the metadata block is not a 'key: value' line");
                } else {
                    metadata.add(new ManifestFile.KeyLine(m.group(1), m.group(2).strip(), n));
                }
                return;
            }
            if (key == null) {
                ctx.error(ID, file, n, "'" + t + "' is not a 'key: value' line; expected a Source/Algorithm/Hash block");
                return;
            }
            String value = m.group(2).strip();
            switch (key) {
                case "source" -> {
                    closeBlock();
                    state = State.SOURCE;
                    source = value;
                    sourceLine = n;
                    if (value.isEmpty()) ctx.error(ID, file, n, "Source has no value; expected the path of a file of the package");
                }
                case "algorithm", "hash", "signature", "certificate" -> {
                    if (state != State.SOURCE) {
                        ctx.error(ID, file, n, m.group(1) + " outside a Source block; each block starts with 'Source: PATH'");
                        return;
                    }
                    ManifestFile.KeyLine first = block.putIfAbsent(key, new ManifestFile.KeyLine(m.group(1), value, n));
                    if (first != null) ctx.error(ID, file, n, m.group(1) + " repeated in the block of Source '" + source + "' (first at line " + first.line() + ")");
                }
                case "non_mano_artifact_sets" -> {
                    closeBlock();
                    if (nonManoLine != 0) ctx.error(ID, file, n, "a second non_mano_artifact_sets block (first at line " + nonManoLine + ")");
                    if (!value.isEmpty()) ctx.error(ID, file, n, "non_mano_artifact_sets takes no value; its sets follow, indented");
                    nonManoLine = n;
                    state = State.NON_MANO;
                }
                case "metadata" -> ctx.error(ID, file, n, "a second metadata block (first at line " + metadataLine + ")");
                default -> ctx.error(ID, file, n, "unknown key '" + m.group(1) + "'"
                        + (state == State.SOURCE ? " in the block of Source '" + source + "'" : "") + "; expected Source, Algorithm or Hash");
            }
        }

        private static boolean structural(String key) {
            return key != null && switch (key) {
                case "source", "algorithm", "hash", "signature", "certificate", "non_mano_artifact_sets", "metadata" -> true;
                default -> false;
            };
        }

        private void nonMano(String t, Matcher m, String key, int n) {
            if ("source".equals(key)) {
                if (setName == null) {
                    ctx.error(ID, file, n, "Source before a set name in non_mano_artifact_sets; expected 'set_name:' first");
                } else if (m.group(2).isBlank()) {
                    ctx.error(ID, file, n, "Source has no value; expected the path of a file of the package");
                } else {
                    setSources.add(new ManifestFile.KeyLine(m.group(1), m.group(2).strip(), n));
                }
            } else if (key != null && m.group(2).isEmpty()) {
                closeSet();
                setName = m.group(1);
                setLine = n;
                setSources = new ArrayList<>();
                if (sets.containsKey(setName)) {
                    ctx.error(ID, file, n, "non-MANO artifact set '" + setName + "' again (first at line " + sets.get(setName).line() + ")");
                }
            } else {
                ctx.error(ID, file, n, "'" + t + "' in non_mano_artifact_sets; expected a set name ('name:') or an indented 'Source: PATH'");
            }
        }

        private void closeSet() {
            if (setName != null) sets.putIfAbsent(setName, new ManifestFile.ArtifactSet(setName, setLine, setSources));
            setName = null;
        }

        void closeBlock() {
            closeSet();
            if (source == null) return;
            ManifestFile.KeyLine alg = block.get("algorithm");
            ManifestFile.KeyLine hash = block.get("hash");
            if (!source.isEmpty()) {
                if (alg == null) ctx.error(ID, file, sourceLine, "Source '" + source + "' has no Algorithm line; expected e.g. 'Algorithm: SHA-256'");
                if (hash == null) ctx.error(ID, file, sourceLine, "Source '" + source + "' has no Hash line; expected 'Hash: ' and the file's digest in hexadecimal");
            }
            boolean signature = block.containsKey("signature") || block.containsKey("certificate");
            if (signature) {
                ctx.warning(ID, file, sourceLine, "the per-artifact Signature/Certificate of '" + source + "' is not verified by vnfx (its digest is)");
            }
            sources.add(new ManifestFile.SourceBlock(source, sourceLine, alg == null ? null : alg.value(), alg == null ? 0 : alg.line(),
                    hash == null ? null : hash.value(), hash == null ? 0 : hash.line(), signature));
            source = null;
            block.clear();
        }
    }
}
