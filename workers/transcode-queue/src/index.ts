export default {
  async queue(batch) {
    for (const message of batch.messages) message.retry();
  },
} satisfies ExportedHandler<Env>;
