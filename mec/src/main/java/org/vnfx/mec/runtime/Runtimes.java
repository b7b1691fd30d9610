package org.vnfx.mec.runtime;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.vnfx.mec.runtime.suricata.SuricataRuntime;

/**
 * The runtimes a MEC node has, chosen by the runtime descriptor a package carries: a package with
 * {@code runtime/suricata.json} runs in Suricata, one with {@code runtime/process.json} as a process.
 * A package must carry exactly one descriptor this node knows.
 */
public final class Runtimes implements VnfRuntime {
    private final Map<String, VnfRuntime> byDescriptor;

    /** @param byDescriptor runtime per descriptor entry name */
    public Runtimes(Map<String, VnfRuntime> byDescriptor) {
        this.byDescriptor = new TreeMap<>(byDescriptor);
    }

    /** The process runtime and Suricata at {@code suricataExecutable} (a name on PATH or a path), looked for when a package needs it. */
    public static Runtimes standard(String suricataExecutable) {
        return new Runtimes(Map.of(
                SuricataRuntime.DESCRIPTOR, new SuricataRuntime(new SuricataRuntime.Options(suricataExecutable, SuricataRuntime.Options.DEFAULT.stopGrace())),
                ProcessRuntime.DESCRIPTOR, new ProcessRuntime()));
    }

    public static Runtimes standard() {
        return standard(SuricataRuntime.Options.DEFAULT.executable());
    }

    @Override
    public VnfInstance start(InstanceSpec spec) throws VnfStartException {
        List<String> carried = new ArrayList<>();
        try {
            for (String descriptor : byDescriptor.keySet()) if (PackageArchive.contains(spec.packageFile(), descriptor)) carried.add(descriptor);
        } catch (IOException e) {
            throw new VnfStartException("cannot read package " + spec.packageFile() + ": " + e.getMessage(), e);
        }
        if (carried.size() != 1) {
            throw new VnfStartException("the package must name exactly one runtime this MEC node has (" + byDescriptor.keySet() + "); it carries "
                    + (carried.isEmpty() ? "none" : carried));
        }
        return byDescriptor.get(carried.get(0)).start(spec);
    }
}
