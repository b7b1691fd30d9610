package org.vnfx.mec.runtime;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vnfx.mec.runtime.suricata.SuricataRuntime;

/**
 * The runtimes a MEC node has, chosen by the runtime descriptor a package carries: a package with
 * {@code runtime/suricata.json} runs in Suricata, one with {@code runtime/process.json} as a process.
 */
public final class Runtimes implements VnfRuntime {
    private final Map<String, VnfRuntime> byDescriptor;

    /** @param byDescriptor runtime per descriptor entry name, tried in this order */
    public Runtimes(Map<String, VnfRuntime> byDescriptor) {
        this.byDescriptor = new LinkedHashMap<>(byDescriptor);
    }

    /** The process runtime and Suricata (found on PATH when a package needs it). */
    public static Runtimes standard() {
        Map<String, VnfRuntime> m = new LinkedHashMap<>();
        m.put(SuricataRuntime.DESCRIPTOR, new SuricataRuntime(SuricataRuntime.Options.DEFAULT));
        m.put(ProcessRuntime.DESCRIPTOR, new ProcessRuntime());
        return new Runtimes(m);
    }

    @Override
    public VnfInstance start(InstanceSpec spec) throws VnfStartException {
        try {
            for (Map.Entry<String, VnfRuntime> e : byDescriptor.entrySet()) {
                if (PackageArchive.contains(spec.packageFile(), e.getKey())) return e.getValue().start(spec);
            }
        } catch (IOException e) {
            throw new VnfStartException("cannot read package " + spec.packageFile() + ": " + e.getMessage(), e);
        }
        throw new VnfStartException("the package names no runtime this MEC node has: it carries none of " + byDescriptor.keySet());
    }
}
