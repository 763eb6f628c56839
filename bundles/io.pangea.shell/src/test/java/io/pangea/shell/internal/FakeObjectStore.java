package io.pangea.shell.internal;

import io.pangea.api.objects.KeyringEntry;
import io.pangea.api.objects.ObjectStore;
import io.pangea.api.objects.ObjectStoreException;
import io.pangea.api.objects.ProgressListener;
import io.pangea.api.objects.PutOptions;
import io.pangea.api.objects.ReadCapability;
import io.pangea.api.objects.VerifyReport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** An object store that keeps files in memory and records what the commands asked of it. */
final class FakeObjectStore implements ObjectStore {
    final List<KeyringEntry> keyring = new ArrayList<>();
    final List<byte[]> contents = new ArrayList<>();
    PutOptions lastOptions;
    Path lastSource;
    boolean lastReplace;
    boolean lastRepair;
    VerifyReport nextReport;

    static ReadCapability capability(int id) {
        byte[] fileId = new byte[32];
        Arrays.fill(fileId, (byte) id);
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) (id + 1));
        return new ReadCapability(fileId, key);
    }

    @Override
    public ReadCapability put(Path source, PutOptions options, ProgressListener progress) throws ObjectStoreException {
        lastSource = source;
        lastOptions = options;
        if (!Files.exists(source)) {
            throw new ObjectStoreException(ObjectStoreException.Kind.NOT_FOUND, "no such file: " + source);
        }
        try {
            byte[] content = Files.readAllBytes(source);
            if (progress != null) {
                progress.progress(ProgressListener.Phase.STORING, content.length, content.length);
            }
            ReadCapability capability = capability(keyring.size() + 1);
            keyring.add(new KeyringEntry(capability, options.name() != null ? options.name()
                    : source.getFileName().toString(), content.length, Instant.parse("2026-03-04T05:06:07.890Z")));
            contents.add(content);
            return capability;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Path get(ReadCapability capability, Path output, boolean replace, ProgressListener progress)
            throws ObjectStoreException {
        lastReplace = replace;
        for (int i = 0; i < keyring.size(); i++) {
            if (keyring.get(i).capability().equals(capability)) {
                try {
                    Path target = Files.isDirectory(output) ? output.resolve(keyring.get(i).name()) : output;
                    Files.write(target, contents.get(i));
                    return target;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        throw new ObjectStoreException(ObjectStoreException.Kind.NOT_FOUND, "no object of file "
                + capability.fileIdHex());
    }

    @Override
    public VerifyReport verify(ReadCapability capability, boolean repair, ProgressListener progress) {
        lastRepair = repair;
        return nextReport;
    }

    @Override
    public List<KeyringEntry> list() {
        return List.copyOf(keyring);
    }

    @Override
    public ReadCapability resolve(String text) throws ObjectStoreException {
        if (ReadCapability.looksLikeCapability(text)) {
            return ReadCapability.parse(text);
        }
        return keyring.stream().filter(e -> e.fileIdHex().startsWith(text)).map(KeyringEntry::capability).findFirst()
                .orElseThrow(() -> new ObjectStoreException(ObjectStoreException.Kind.NOT_FOUND,
                        "no file " + text + " in the keyring"));
    }
}
