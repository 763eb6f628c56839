package io.pangea.dht.kad.internal;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Validated PUT_VALUE records, at most {@code maxValues}; conflicts are settled by the validator's selection. */
public final class ValueStore {
    private final RecordValidator validator;
    private final Clock clock;
    private final int maxValues;
    private final Map<ByteKey, KadMessage.Record> records = new ConcurrentHashMap<>();

    public ValueStore(RecordValidator validator, Clock clock, int maxValues) {
        this.validator = validator;
        this.clock = clock;
        this.maxValues = maxValues;
    }

    /**
     * Validates and stores a record, stamping timeReceived.
     *
     * @throws IllegalArgumentException if the validator rejects it or the store is full
     */
    public void put(byte[] key, byte[] value) {
        validator.validate(key, value);
        ByteKey k = new ByteKey(key);
        if (!records.containsKey(k) && records.size() >= maxValues) {
            throw new IllegalArgumentException("value store full");
        }
        KadMessage.Record fresh = new KadMessage.Record(key, value, clock.instant().toString());
        records.merge(k, fresh, (old, neu) ->
                validator.select(key, List.of(old.value(), neu.value())) == 0 ? old : neu);
    }

    public Optional<KadMessage.Record> get(byte[] key) {
        return Optional.ofNullable(records.get(new ByteKey(key)));
    }

    public boolean isValid(KadMessage.Record record) {
        try {
            validator.validate(record.key(), record.value());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
