import { Type } from '@mosaic/kit/http';
import { created, endpointsOf } from '@mosaic/kit/service';
import { type Job, lineOf } from './line.ts';
import { type FactoryContext, INTAKE_DELAY_MAX_MS } from './settings.ts';

const endpoint = endpointsOf<FactoryContext>();

/** Any JSON object, as the seed's Phoenix controller took it: the factory validates nothing. */
const Manufacture = Type.Record(Type.String({ maxLength: 100 }), Type.Unknown());

const jobView = (job: Job) => ({
  id: job.id,
  requester: job.requester,
  code: job.code,
  msg: job.msg,
  // The page is open to anyone; the callback's query (sales' one-time token) is not theirs to read.
  callbackUrl: job.callbackUrl?.replace(/\?.*$/, '?…') ?? null,
  callback: job.callback,
  productId: job.data.MessageAttributeProductId ?? null,
  messageGroupId: job.data.MessageGroupId ?? null,
  startedAt: job.startedAt,
});

const manufacture = endpoint({
  method: 'POST',
  path: '/api/manufactures',
  body: Manufacture,
  summary:
    'Order a production run: 201 with the job ({"data":{"data":…,"id":…,"reqestor":…}}, the seed’s shape and typo); every POST is a new job',
  // Longer than the slowest intake the factory's settings allow, so the seed's synchronous call can be made.
  gateway: { auth: 'public', timeoutMs: INTAKE_DELAY_MAX_MS + 5_000 },
  handle: async (ctx, { body, http }) => {
    const delayMs = ctx.settings.get('intake.delayMs');
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    // A caller that hung up while the factory took its time gets no job (as an HTTP server drops a request
    // whose connection is gone); a caller that is still there gets a new job, whatever it repeats.
    if (http.raw.socket?.destroyed) throw new Error('the caller hung up before the factory accepted the order');
    const job = lineOf(ctx).start(body);
    return created({ data: { data: job.data, id: job.id, reqestor: job.requester } });
  },
});

const progress = endpoint({
  method: 'GET',
  path: '/factory',
  summary:
    "공장진행상태: the jobs' progress (시작 → 준비 → 생산 → 포장 → 종료) and their callback (the seed's page at GET /)",
  gateway: { auth: 'public' },
  handle: (ctx) => ({ title: '공장진행상태', jobs: lineOf(ctx).list().map(jobView) }),
});

export const factoryEndpoints = [manufacture, progress];
