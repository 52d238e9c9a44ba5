// @vitest-environment jsdom
// A note can say anything in markdown, but its HTML can never style, position, frame, fetch or script.
import { describe, expect, test } from 'vitest';
import { noteHtml } from '../../src/app/view/note-html';

describe('what a note keeps', () => {
  test.each([
    ['markdown', '# Title\n\n**bold** and a [link](https://example.org)', '<h1>Title</h1>\n<p><strong>bold</strong> and a <a href="https://example.org" target="_blank" rel="noopener noreferrer">link</a></p>\n'],
    ['a table', '| a | b |\n|---|---|\n| 1 | 2 |', '<table>'],
    ['an image of the page itself', '![chart](chart.png)', '<img src="chart.png" alt="chart">'],
  ])('%s', (_n, md, html) => {
    expect(noteHtml(md)).toContain(html);
  });
});

describe('what a note loses', () => {
  test.each([
    ['a style element hiding every cell', '<style>section.cell{display:none!important}</style>hi', /<style|display/],
    ['a style attribute covering the page', '<div style="position:fixed;inset:0;z-index:9999;background:white">x</div>', /style=|position/],
    ['a class borrowed from the page', '<div class="cell updating">x</div>', /class=/],
    ['an id', '<p id="app">x</p>', /id=/],
    ['a huge image', '<img src="a.png" width="99999" height="99999">', /width|height/],
    ['a stylesheet link', '<link rel="stylesheet" href="http://127.0.0.1:4399/x.css">', /<link|4399/],
    ['a frame', '<iframe src="http://127.0.0.1:4399/"></iframe>', /iframe|4399/],
    ['a meta refresh', '<meta http-equiv="refresh" content="0;url=http://127.0.0.1:4399/">', /<meta|4399/],
    ['a form', '<form action="http://127.0.0.1:4399/"><button>go</button></form>', /<form|<button|4399/],
    ['an svg with its own style', '<svg><style>*{display:none}</style></svg>', /<svg|<style/],
    ['a script', '<script>alert(1)</script>', /script|alert/],
    ['an event handler', '<img src="x" onerror="alert(1)">', /onerror|alert/],
    ['a javascript: link', '[x](javascript:alert(1))', /javascript/],
    ['a base element', '<base href="http://127.0.0.1:4399/">', /<base|4399/],
    ['a srcset pointing away', '<img src="a.png" srcset="http://127.0.0.1:4399/x 2x">', /srcset|4399/],
    ['a link ping', '<a href="#x" ping="http://127.0.0.1:4399/">x</a>', /ping|4399/],
  ])('%s', (_n, md, bad) => {
    expect(noteHtml(md)).not.toMatch(bad);
  });
});
