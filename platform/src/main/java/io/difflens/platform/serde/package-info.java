/**
 * Kafka serdes for Avro in the Confluent wire format (magic byte 0, 4-byte big-endian schema id, Avro
 * binary), byte-compatible with Confluent's {@code KafkaAvroSerializer}/{@code KafkaAvroDeserializer}.
 *
 * <p>{@link io.difflens.platform.serde.AvroSerializer}, {@link io.difflens.platform.serde.AvroDeserializer}
 * and {@link io.difflens.platform.serde.AvroSerde} take Confluent's keys ({@code schema.registry.url},
 * {@code auto.register.schemas}, {@code use.latest.version}, {@code key|value.subject.name.strategy},
 * {@code basic.auth.*}, {@code bearer.auth.*}, {@code specific.avro.reader}), so they can be named in plain
 * Kafka client properties, or be built around a shared
 * {@link io.difflens.platform.registry.SchemaRegistryClient}. Reading resolves the writer schema (by id)
 * against the reader class's schema, so compatible schema evolution is transparent.
 */
package io.difflens.platform.serde;
