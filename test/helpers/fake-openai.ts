import type { Server } from 'node:http';
import express from 'express';

/**
 * A local stand-in for an OpenAI-compatible chat-completions server, driven through the real
 * openai SDK by pointing OPENAI_BASE_URL at it. `reply` decides each answer from the request.
 */
export interface FakeMessage {
  content?: string | null;
  tool_calls?: { id: string; name: string; arguments: string }[];
}

export interface FakeOpenAi {
  baseURL: string;
  requests: {
    model: string;
    messages: { role: string; content?: string | null; tool_call_id?: string }[];
    tools?: unknown[];
  }[];
  close(): Promise<void>;
}

export async function startFakeOpenAi(
  reply: (requestIndex: number, body: FakeOpenAi['requests'][number]) => FakeMessage,
): Promise<FakeOpenAi> {
  const requests: FakeOpenAi['requests'] = [];
  const app = express();
  app.use(express.json({ limit: '5mb' }));
  app.post('/v1/chat/completions', (req, res) => {
    if (req.get('authorization') !== 'Bearer test-key') {
      res.status(401).json({
        error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' },
      });
      return;
    }
    const body = req.body as FakeOpenAi['requests'][number];
    requests.push(body);
    const m = reply(requests.length - 1, body);
    res.json({
      id: `chatcmpl-${requests.length}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: [
        {
          index: 0,
          finish_reason: m.tool_calls ? 'tool_calls' : 'stop',
          message: {
            role: 'assistant',
            content: m.content ?? null,
            ...(m.tool_calls && {
              tool_calls: m.tool_calls.map((c) => ({
                id: c.id,
                type: 'function',
                function: { name: c.name, arguments: c.arguments },
              })),
            }),
          },
        },
      ],
      usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
    });
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  return {
    baseURL: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/v1`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
