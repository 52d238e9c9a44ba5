import { RecordScanner } from '../src/engine/readers/records';
const enc = (s: string) => new TextEncoder().encode(s);
function run(text: string, fields: number, pieces = [text.length]) {
  const s = new RecordScanner({ name: 'f.csv', delimiter: ',', fields, header: true, lines: 'text' });
  const b = enc(text); let out = ''; let at = 0;
  const cuts = pieces.length === 1 ? [b.length] : pieces;
  for (let k = 0; k < cuts.length; k++) { const end = Math.min(cuts[k], b.length); out += new TextDecoder().decode(s.push(b.subarray(at, end), k === cuts.length - 1)); at = end; }
  console.log(JSON.stringify(out), s.rows, s.clean, JSON.stringify(s.take()));
}
const F = 'customer_id,order_date,amount,note\na,2024-01-01,10,"two\nlines"\nb,2024-01-02,x,plain\nc,2024-01-03,5,"three\nline\nnote"\nd,2024-01-04,1,too,many\ne,bad-date,1,ok\n';
run(F, 4);
run(F.replace(/\n/g, '\r\n'), 4);
for (let c = 1; c < 40; c += 7) run(F.replace(/\n/g, '\r\n'), 4, [c, c + 5, c + 30, 9999]);
run('a,b,c\r\n1,x,3\n2,"p\r\nq",3\r\n\n3,z,3\r\n4,w,3', 3);
run('a,b,c\n1,x"y,3\n2,"p"q,3\n3,"r""s",3\n4, "t",3\n5,"u" ,3\n6,v,3\n', 3);
run('a,b\n1,"x\0y"\n2,z\n', 2);
try { run('a,b\n1,"x\n2,z\n', 2); } catch (e) { console.log(String(e)); }
