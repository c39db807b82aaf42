package io.difflens.platform.reactive;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The work of a {@link TransactionalProcessor}: a batch of input records in, output records out. It
 * may be called again with the same records after a failure, and with a single record when a batch keeps
 * failing, so it must not keep side effects outside Kafka that a retry would repeat.
 *
 * @param <KI> input key type
 * @param <VI> input value type
 * @param <KO> output key type
 * @param <VO> output value type
 */
@FunctionalInterface
public interface BatchFunction<KI, VI, KO, VO> {

    /**
     * @param batch records in offset order per partition, never empty
     * @return the records to produce, all in the same transaction as the batch's offsets
     * @throws Exception any failure: the transaction is aborted and the batch retried
     */
    List<ProducerRecord<KO, VO>> apply(List<ConsumerRecord<KI, VI>> batch) throws Exception;
}
