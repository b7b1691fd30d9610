package org.vnfx.packages.csar.rules;

import java.util.List;
import java.util.Locale;

/**
 * A CSAR without TOSCA-Metadata (SOL004 clause 4.1.3): exactly one YAML file at the root is the entry
 * definitions; the manifest is the {@code .mf} of the same base name beside it, and a {@code .cert} of that base
 * name, when there is one, is the signer's certificate.
 */
public final class RootEntryDefinitions implements Rule {
    public static final String ID = "root-entry-definitions";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void check(CsarContext ctx) {
        if (ctx.files().containsKey(ToscaMetaFile.PATH)) return;
        List<String> yaml = ctx.files().keySet().stream().filter(p -> p.indexOf('/') < 0)
                .filter(p -> p.toLowerCase(Locale.ROOT).endsWith(".yaml") || p.toLowerCase(Locale.ROOT).endsWith(".yml")).toList();
        if (yaml.size() != 1) {
            ctx.archiveError(ID, "no " + ToscaMetaFile.PATH + " and " + (yaml.isEmpty() ? "no YAML file" : yaml.size() + " YAML files ("
                    + String.join(", ", yaml) + ")") + " at the root; expected exactly one, the entry definitions");
            return;
        }
        String definitions = yaml.get(0);
        ctx.entryDefinitions(definitions);
        String base = definitions.substring(0, definitions.lastIndexOf('.'));
        if (ctx.files().containsKey(base + ".mf")) {
            ctx.manifestPath(base + ".mf");
        } else {
            ctx.archiveError(ID, "no manifest '" + base + ".mf' at the root; without TOSCA-Metadata the manifest has the base name of the entry definitions '"
                    + definitions + "'");
        }
        if (ctx.files().containsKey(base + ".cert")) ctx.certificatePath(base + ".cert");
    }
}
