package org.vnfx.packages.csar.rules;

import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code TOSCA-Metadata/TOSCA.meta} (TOSCA CSAR, ETSI GS NFV-SOL 004 clause 4.1.2): {@code Keyname: value} lines,
 * blocks separated by blank lines, the keys of block 0 case-insensitive. Accepts the current SOL004 keys and the
 * older spellings ({@code Entry-Manifest}, {@code Entry-Change-Log}, {@code Entry-Licenses},
 * {@code Entry-Certificate}, {@code Entry-Tests}, {@code Created-by}); requires {@code TOSCA-Meta-File-Version}
 * 1.0, {@code CSAR-Version} 1.1 (or 1.0), {@code Entry-Definitions} and the manifest's entry; a key twice (in
 * any spelling) is an error, an unknown key a warning. Later blocks (TOSCA 1.0 per-file blocks) are not
 * interpreted.
 */
public final class ToscaMetaKeys implements Rule {
    public static final String ID = "tosca-meta-keys";
    /** Lower-case spelling to canonical key. */
    static final Map<String, String> SPELLINGS = spellings();
    private static final Pattern KEY_VALUE = Pattern.compile("([A-Za-z0-9][A-Za-z0-9_.-]*)[ \\t]*:[ \\t]*(.*)");
    private static final Set<String> FILE_VERSIONS = Set.of("1.0");
    private static final Set<String> CSAR_VERSIONS = Set.of("1.1", "1.0");

    private static Map<String, String> spellings() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String k : List.of(ToscaMetaFile.FILE_VERSION, ToscaMetaFile.CSAR_VERSION, ToscaMetaFile.CREATED_BY, ToscaMetaFile.ENTRY_DEFINITIONS,
                ToscaMetaFile.MANIFEST, ToscaMetaFile.CHANGE_LOG, ToscaMetaFile.LICENSES, ToscaMetaFile.CERTIFICATE, ToscaMetaFile.TESTS)) {
            m.put(k.toLowerCase(Locale.ROOT), k);
            if (k.startsWith("ETSI-")) m.put(k.substring(5).toLowerCase(Locale.ROOT), k); // SOL004 before v2.6.1: Entry-Manifest, ...
        }
        return Map.copyOf(m);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void check(CsarContext ctx) throws IOException {
        if (!ctx.files().containsKey(ToscaMetaFile.PATH)) return;
        String file = ToscaMetaFile.PATH;
        byte[] bytes = ctx.read(ID, file);
        if (bytes == null) return;
        List<Lines.Line> lines;
        try {
            lines = Lines.of(bytes);
        } catch (Lines.NotUtf8 e) {
            ctx.error(ID, file, e.line, "not UTF-8 text");
            return;
        }

        Map<String, ToscaMetaFile.Value> values = new LinkedHashMap<>();
        Set<String> present = new HashSet<>();
        int block = -1;
        int blockStart = 0;
        boolean inBlock = false;
        for (Lines.Line line : lines) {
            if (line.isBlank()) {
                inBlock = false;
                continue;
            }
            if (!inBlock) {
                block++;
                inBlock = true;
                if (block == 0) blockStart = line.number();
            }
            Matcher m = KEY_VALUE.matcher(line.text().strip());
            if (!m.matches()) {
                ctx.error(ID, file, line.number(), "'" + line.text().strip() + "' is not a 'Keyname: value' line");
                continue;
            }
            String spelled = m.group(1);
            String canonical = SPELLINGS.get(spelled.toLowerCase(Locale.ROOT));
            if (block > 0) {
                if (canonical != null) {
                    ctx.warning(ID, file, line.number(), spelled + " in block " + block + " is ignored; the package's keys belong in block 0, before the first blank line");
                }
                continue;
            }
            if (canonical == null) {
                ctx.warning(ID, file, line.number(), "unknown key '" + spelled + "' (ignored)");
                continue;
            }
            String value = m.group(2).strip();
            present.add(canonical);
            ToscaMetaFile.Value first = values.get(canonical);
            if (first != null) {
                ctx.error(ID, file, line.number(), spelled + " repeats " + first.spelled() + " of line " + first.line()
                        + "; each key may appear once (keys are case-insensitive, older spellings included)");
                continue;
            }
            if (value.isEmpty()) {
                ctx.error(ID, file, line.number(), spelled + " has no value");
                continue;
            }
            values.put(canonical, new ToscaMetaFile.Value(value, line.number(), spelled));
        }

        int at = blockStart > 0 ? blockStart : 1;
        require(ctx, values, present, at, ToscaMetaFile.FILE_VERSION, "1.0", FILE_VERSIONS, "1.0");
        require(ctx, values, present, at, ToscaMetaFile.CSAR_VERSION, "1.1", CSAR_VERSIONS, "1.1 (or 1.0)");
        require(ctx, values, present, at, ToscaMetaFile.ENTRY_DEFINITIONS, "Definitions/vnfd.yaml", null, null);
        if (!present.contains(ToscaMetaFile.MANIFEST)) {
            ctx.error(ID, file, at, ToscaMetaFile.MANIFEST + " is missing; expected the manifest's path, e.g. '"
                    + ToscaMetaFile.MANIFEST + ": vnfd.mf' (or the older Entry-Manifest)");
        }
        if (!present.contains(ToscaMetaFile.CREATED_BY)) {
            ctx.warning(ID, file, at, ToscaMetaFile.CREATED_BY + " is missing; TOSCA expects the package's author, e.g. 'Created-By: ACME'");
        }
        ctx.toscaMeta(new ToscaMetaFile(values));
    }

    /** A key every TOSCA.meta has (an empty one has been reported already), with one of the {@code allowed} values if given. */
    private static void require(CsarContext ctx, Map<String, ToscaMetaFile.Value> values, Set<String> present, int at, String key, String example,
                                Set<String> allowed, String expected) {
        ToscaMetaFile.Value v = values.get(key);
        if (!present.contains(key)) {
            ctx.error(ID, ToscaMetaFile.PATH, at, key + " is missing; expected a line '" + key + ": " + example + "' in block 0");
        } else if (v != null && allowed != null && !allowed.contains(v.value())) {
            ctx.error(ID, ToscaMetaFile.PATH, v.line(), v.spelled() + " is " + v.value() + "; expected " + expected);
        }
    }
}
