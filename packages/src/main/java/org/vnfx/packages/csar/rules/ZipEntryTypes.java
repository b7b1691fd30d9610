package org.vnfx.packages.csar.rules;

import org.vnfx.packages.csar.ZipArchive;

/**
 * Every entry is a regular file or a folder, readable as it is: no symbolic link or other special file (the unix
 * file type in the external attributes), no encryption, stored or deflated only, and a folder holds no data.
 */
public final class ZipEntryTypes implements Rule {
    public static final String ID = "zip-entry-types";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void check(CsarContext ctx) {
        for (ZipArchive.Entry e : ctx.zip().entries()) {
            int type = e.unixFileType();
            String entry = "entry '" + e.name() + "'";
            if (type == ZipArchive.Entry.S_IFLNK) {
                ctx.archiveError(ID, entry + " is a symbolic link; a package may hold only regular files and folders");
            } else if (type != 0 && type != ZipArchive.Entry.S_IFREG && type != ZipArchive.Entry.S_IFDIR) {
                ctx.archiveError(ID, entry + " is a special file (unix file type " + String.format("%06o", type)
                        + "); a package may hold only regular files and folders");
            } else if (e.encrypted()) {
                ctx.archiveError(ID, entry + " is encrypted; package entries must be readable as they are");
            } else if (e.method() != ZipArchive.STORED && e.method() != ZipArchive.DEFLATED) {
                ctx.archiveError(ID, entry + " uses compression method " + e.method() + "; expected stored (0) or deflated (8)");
            } else if (e.isDirectory() && e.size() > 0) {
                ctx.archiveError(ID, entry + " is a folder with " + e.size() + " bytes of data");
            }
        }
    }
}
