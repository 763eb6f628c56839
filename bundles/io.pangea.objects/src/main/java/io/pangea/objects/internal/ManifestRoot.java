package io.pangea.objects.internal;

/**
 * The sealed root of a manifest: what the file is and how it was cut. The segment records follow in pages of
 * {@code segmentsPerPage} (the last one shorter), each its own sealed file, so that neither a put nor a get of
 * a file of any size holds all of them at once.
 *
 * @param layout the storage layout of the shard files ({@code files-v1})
 */
record ManifestRoot(long size, String name, long createdMillis, int dataShards, int parityShards, int segmentSize,
                    long segmentCount, int segmentsPerPage, int pageCount, String layout) {

    void write(Wire.Writer out) {
        out.i64(size).text16(name).i64(createdMillis).u16(dataShards).u16(parityShards).i32(segmentSize)
                .i64(segmentCount).i32(segmentsPerPage).i32(pageCount).text8(layout);
    }

    static ManifestRoot read(Wire.Reader in) throws Wire.FormatException {
        ManifestRoot root = new ManifestRoot(in.i64("size"), in.text16("name"), in.i64("creation time"),
                in.u16("K"), in.u16("M"), in.count("segment size"), in.i64("segment count"),
                in.count("segments per page"), in.count("page count"), in.text8("layout"));
        if (root.size < 0 || root.segmentCount < 0 || root.segmentsPerPage < 1 || root.dataShards < 1
                || root.pageCount != (root.segmentCount + root.segmentsPerPage - 1) / root.segmentsPerPage) {
            throw new Wire.FormatException("manifest fields do not fit together (size " + root.size + ", "
                    + root.segmentCount + " segments in " + root.pageCount + " pages of " + root.segmentsPerPage + ")");
        }
        return root;
    }
}
