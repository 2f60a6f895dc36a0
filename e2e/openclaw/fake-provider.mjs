// Tiny fake LLM provider on 127.0.0.1. Behaviour chosen by model id, or set at run time per model:
//   curl -X POST 127.0.0.1:18999/__behaviour -d '{"model":"claude-opus-4-6","behaviour":"rl429"}'   (behaviour null = back to default)
// FAKE_DUMP_DIR (optional): every POST body is also written there as <n>-<model>.json (to see what the gateway sends).
// Behaviours: ok, okusage, usage:<N> (reports N prompt tokens), rl429, quota429, ovl529, ctx400, tooluse400, nf404. Env: FAKE_PORT, FAKE_LOG (request log file).
// okusage = ok, but the usage it reports is an estimate of the request (prompt tokens = request body chars / 4, like a real
// provider counting the whole prompt) instead of the fixed 12 + 5. okusage:<N> = the same for a model with an N-token
// window: a request estimated above N gets the provider's context-length 400 (with both numbers) instead.
// A behaviour can also follow a marker string in the request's messages, for every model:
//   {"marker":"POISON-1","behaviour":"tooluse400"}  makes every request whose messages contain POISON-1 answer that
//   (checked before the per-model behaviour; behaviour null removes the rule). The request log names the marker that matched.
// A GET (a health probe of /models) follows an override keyed "path:<url prefix>", e.g.
//   {"model":"path:/fakeoa","behaviour":"rl429"}  makes GET /fakeoa/v1/models answer 429 (default: 200 with a model list).
import http from 'node:http';
import fs from 'node:fs';
const PORT = Number(process.env.FAKE_PORT || 18999);
const LOG = process.env.FAKE_LOG || 'fake-provider-requests.log';
const overrides = new Map();
const markers = new Map();  // marker string -> behaviour
const DUMP = process.env.FAKE_DUMP_DIR || '';
let dumped = 0;
function log(s){ fs.appendFileSync(LOG, new Date().toISOString()+' '+s+'\n'); }
function behaviour(model){
  const m = String(model||'');
  if (overrides.has(m)) return overrides.get(m);
  if (m.includes('rl-429')) return 'rl429';
  if (m.includes('quota')) return 'quota429';
  if (m.includes('ovl-529')) return 'ovl529';
  if (m.includes('ctx')) return 'ctx400';
  if (m.includes('tooluse')) return 'tooluse400';
  if (m.includes('notfound')) return 'nf404';
  if (m.includes('usage')) return 'okusage';
  return 'ok';
}
// gatewarden's model probe (one output token) marks itself: its requests are logged with " by=model-probe", so the
// e2e can tell them from the gateway's own runs
function probeTag(req){ return String(req.headers['user-agent']||'').startsWith('gatewarden-model-probe') ? ' by=model-probe' : ''; }
function sendJson(res, status, obj, headers={}){ res.writeHead(status, {'content-type':'application/json', ...headers}); res.end(JSON.stringify(obj)); }
const srv = http.createServer((req,res)=>{
  let body=''; req.on('data',c=>body+=c); req.on('end',()=>{
    let j={}; try{ j=JSON.parse(body||'{}'); }catch{}
    if (req.method==='POST' && req.url==='/__behaviour'){
      if (j.marker !== undefined){
        if (j.behaviour) markers.set(String(j.marker), j.behaviour); else markers.delete(String(j.marker));
        log(`control marker ${j.marker} -> ${j.behaviour||'none'}`);
        return sendJson(res,200,{marker:j.marker,behaviour:j.behaviour||null});
      }
      if (j.behaviour) overrides.set(String(j.model), j.behaviour); else overrides.delete(String(j.model));
      log(`control ${j.model} -> ${j.behaviour||'default'}`);
      return sendJson(res,200,{model:j.model,behaviour:j.behaviour||null});
    }
    if (DUMP && req.method==='POST') fs.writeFileSync(`${DUMP}/${String(++dumped).padStart(4,'0')}-${String(j.model).replace(/[^\w.-]/g,'_')}.json`, body);
    let b = behaviour(j.model);
    let matched = '';
    if (markers.size && j.messages){
      const text = JSON.stringify(j.messages);
      for (const [m,v] of markers) if (text.includes(m)){ b = v; matched = ` marker=${m}`; break; }
    }
    const anth = req.url.includes('/messages');
    const promptTokens = Math.max(1, Math.ceil(body.length/4));
    const win = /^okusage:(\d+)$/.exec(b);
    if (win) b = promptTokens > Number(win[1]) ? `ctx400:${win[1]}` : 'okusage';
    // usage:<N> = ok, reporting N prompt tokens whatever was sent (a session "at N tokens" without sending N tokens)
    const fixed = /^usage:(\d+)$/.exec(b);
    if (fixed) b = 'okusage';
    if (req.method!=='GET') log(`${req.method} ${req.url} model=${j.model} stream=${j.stream} msgs=${(j.messages||[]).length} bytes=${body.length}${matched} -> ${b}`
      + (b==='okusage' || b.startsWith('ctx400:') ? ` (prompt ~${promptTokens} tokens)` : '') + probeTag(req));
    if (req.method==='GET'){
      let g='ok';
      for (const [k,v] of overrides) if (k.startsWith('path:') && req.url.startsWith(k.slice(5))) g=v;
      log(`GET ${req.url} -> ${g}`);
      if (g==='rl429') return sendJson(res,429,{error:{message:'Rate limit reached for requests per min (RPM)',type:'requests',param:null,code:'rate_limit_exceeded'}},{'retry-after':'1'});
      if (g==='ovl529') return sendJson(res,529,{type:'error',error:{type:'overloaded_error',message:'Overloaded'}});
      if (g==='quota429') return sendJson(res,429,{error:{message:'You exceeded your current quota',type:'insufficient_quota',param:null,code:'insufficient_quota'}});
      return sendJson(res,200,{object:'list',data:[{id:'ok',object:'model'}]});
    }
    if (b==='rl429') return anth
      ? sendJson(res,429,{type:'error',error:{type:'rate_limit_error',message:'This request would exceed the rate limit for your organization of 50 requests per minute.'}},{'retry-after':'1'})
      : sendJson(res,429,{error:{message:'Rate limit reached for requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 1s.',type:'requests',param:null,code:'rate_limit_exceeded'}},{'retry-after':'1'});
    if (b==='quota429') return sendJson(res,429,{error:{message:'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',type:'insufficient_quota',param:null,code:'insufficient_quota'}});
    if (b==='ovl529') return sendJson(res,529,{type:'error',error:{type:'overloaded_error',message:'Overloaded'}});
    if (b==='ctx400') return anth
      ? sendJson(res,400,{type:'error',error:{type:'invalid_request_error',message:'prompt is too long: 215000 tokens > 200000 maximum'}})
      : sendJson(res,400,{error:{message:"This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens. Please reduce the length of the messages.",type:'invalid_request_error',param:'messages',code:'context_length_exceeded'}});
    if (b.startsWith('ctx400:')){
      const max = Number(b.slice(7));
      return anth
        ? sendJson(res,400,{type:'error',error:{type:'invalid_request_error',message:`prompt is too long: ${promptTokens} tokens > ${max} maximum`}})
        : sendJson(res,400,{error:{message:`This model's maximum context length is ${max} tokens. However, your messages resulted in ${promptTokens} tokens. Please reduce the length of the messages.`,type:'invalid_request_error',param:'messages',code:'context_length_exceeded'}});
    }
    // the shape of Anthropic's real answer to a transcript whose tool_result has no tool_use (HTTP 400; quoted in
    // anthropics/claude-code#13460: {"type":"error","error":{"type":"invalid_request_error","message":"messages.48.content.1:
    // unexpected `tool_use_id` found in `tool_result` blocks: toolu_… Each `tool_result` block must have a corresponding
    // `tool_use` block in the previous message."},"request_id":"req_…"}); ids here are our own
    if (b==='tooluse400') return sendJson(res,400,{type:'error',error:{type:'invalid_request_error',message:'messages.1.content.0: unexpected `tool_use_id` found in `tool_result` blocks: toolu_01ABC. Each `tool_result` block must have a corresponding `tool_use` block in the previous message.'},request_id:'req_fake_e2e_tooluse'});
    if (b==='nf404') return sendJson(res,404,{error:{message:`The model \`${j.model}\` does not exist or you do not have access to it.`,type:'invalid_request_error',param:null,code:'model_not_found'}});
    // ok (okusage: the same answer, with usage estimated from the request)
    const text = 'pong from fake provider';
    const inTok = fixed ? Number(fixed[1]) : b==='okusage' ? promptTokens : 12;
    if (anth){
      if (!j.stream) return sendJson(res,200,{id:'msg_fake',type:'message',role:'assistant',model:j.model,content:[{type:'text',text}],stop_reason:'end_turn',stop_sequence:null,usage:{input_tokens:inTok,output_tokens:5}});
      res.writeHead(200,{'content-type':'text/event-stream','cache-control':'no-cache'});
      const ev=(t,d)=>res.write(`event: ${t}\ndata: ${JSON.stringify(d)}\n\n`);
      ev('message_start',{type:'message_start',message:{id:'msg_fake',type:'message',role:'assistant',model:j.model,content:[],stop_reason:null,stop_sequence:null,usage:{input_tokens:inTok,output_tokens:1}}});
      ev('content_block_start',{type:'content_block_start',index:0,content_block:{type:'text',text:''}});
      ev('content_block_delta',{type:'content_block_delta',index:0,delta:{type:'text_delta',text}});
      ev('content_block_stop',{type:'content_block_stop',index:0});
      ev('message_delta',{type:'message_delta',delta:{stop_reason:'end_turn',stop_sequence:null},usage:{output_tokens:5}});
      ev('message_stop',{type:'message_stop'});
      return res.end();
    }
    if (!j.stream) return sendJson(res,200,{id:'chatcmpl-fake',object:'chat.completion',created:Math.floor(Date.now()/1000),model:j.model,choices:[{index:0,message:{role:'assistant',content:text},finish_reason:'stop'}],usage:{prompt_tokens:inTok,completion_tokens:5,total_tokens:inTok+5}});
    res.writeHead(200,{'content-type':'text/event-stream','cache-control':'no-cache'});
    const base={id:'chatcmpl-fake',object:'chat.completion.chunk',created:Math.floor(Date.now()/1000),model:j.model};
    res.write(`data: ${JSON.stringify({...base,choices:[{index:0,delta:{role:'assistant',content:text},finish_reason:null}]})}\n\n`);
    res.write(`data: ${JSON.stringify({...base,choices:[{index:0,delta:{},finish_reason:'stop'}],usage:{prompt_tokens:inTok,completion_tokens:5,total_tokens:inTok+5}})}\n\n`);
    res.write('data: [DONE]\n\n'); res.end();
  });
});
srv.listen(PORT,'127.0.0.1',()=>log('listening '+PORT));
